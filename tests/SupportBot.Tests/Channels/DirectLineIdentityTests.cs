using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework;
using SupportBot.BotFramework.DirectLine;
using SupportBot.BotFramework.Schema;
using SupportBot.Customers;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Channels;

/// Signed user tokens: the host site vouches for its signed-in customer, and that customer's id becomes the Direct
/// Line user id on every activity, across visits. Anonymous visitors keep a dl_ id of the host's making.
public sealed class DirectLineIdentityTests : IClassFixture<DirectLineIdentityTests.Host>, IDisposable
{
    private readonly Host _host;
    private readonly SiteUserTokens _site;

    public DirectLineIdentityTests(Host host)
    {
        _host = host;
        _site = host.Site;
    }

    public sealed class Host : IDisposable
    {
        public Host()
        {
            Site.Configure(Factory.Settings);
        }

        public SiteUserTokens Site { get; } = new();

        public SupportBotFactory Factory { get; } = new() { UseFakeClock = false };

        public void Dispose()
        {
            Factory.Dispose();
            Site.Dispose();
        }
    }

    private DirectLineClient NewClient() => new(_host.Factory.CreateClient());

    [Fact]
    public async Task A_signed_in_customer_is_the_user_of_every_activity_and_the_same_customer_on_a_second_visit()
    {
        var subject = $"shop-customer-{Guid.NewGuid():N}";
        var conversations = new List<string>();
        foreach (var visit in new[] { "How do I reset my password?", "How long until a refund shows up on my card?" })
        {
            var client = NewClient();
            await client.StartAsync(new { userToken = SiteUserTokens.Hs256(subject, "Ann Shopper") });
            Assert.Equal(subject, TokenPayload(client.Token).GetProperty("user").GetString());
            // Whatever the page claims, the message is the signed-in customer's.
            var posted = await client.PostAsync(new { type = "message", text = visit, from = new { id = "someone-else", name = "Mallory" } });
            var id = BotJson.Deserialize<ResourceResponse>(await posted.Content.ReadAsStringAsync()).Id;
            var reply = await client.WaitForAsync(a => a.ReplyToId == id);
            var echo = Assert.Single((await client.GetActivitiesAsync()).Activities, a => a.Id == id);
            Assert.Equal(subject, echo.From?.Id);
            Assert.Equal("Ann Shopper", echo.From?.Name);
            Assert.Equal(subject, reply.Recipient?.Id);
            conversations.Add(client.ConversationId);
        }

        // Both visits' touchpoints belong to the one customer the token's subject identifies.
        var customer = await _host.Factory.Services.GetRequiredService<CustomerStore>().FindAsync($"directline:{subject}", allowIdentity: true);
        Assert.NotNull(customer);
        var journey = await _host.Factory.Services.GetRequiredService<TouchpointStore>().GetCustomerAsync(customer, 50);
        Assert.Equal(conversations.Order(), journey.Where(t => t.Kind == TouchpointKind.CustomerMessage).Select(t => t.ConversationId).Order());
        Assert.All(journey, t => Assert.Equal(customer, t.CustomerId));
    }

    [Fact]
    public async Task A_site_server_with_the_secret_gets_a_token_for_an_RS256_signed_customer()
    {
        var client = NewClient();
        var generated = await client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate",
            JsonContent.Create(new { userToken = _site.Rs256("crm-4711", "Budi") }), SupportBotFactory.TestSecret);
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        var token = BotJson.Deserialize<DirectLineConversation>(await generated.Content.ReadAsStringAsync()).Token!;
        var payload = TokenPayload(token);
        Assert.Equal("crm-4711", payload.GetProperty("user").GetString());
        Assert.Equal("Budi", payload.GetProperty("name").GetString());

        var started = await client.SendAsync(HttpMethod.Post, "/v3/directline/conversations", null, token);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
    }

    public static TheoryData<string, HttpStatusCode, string> BadUserTokens()
    {
        using var site = new SiteUserTokens();
        using var stranger = RSA.Create(2048);
        // The data is made when the tests are discovered, maybe many minutes before this test runs: the tokens
        // that must fail for another reason than their age are valid for a day, so they never fail as expired.
        var later = DateTimeOffset.UtcNow.AddDays(1);
        return new()
        {
            { SiteUserTokens.Hs256("victim", expires: later, key: "a-key-the-site-never-gave-out-0123456789"), HttpStatusCode.Forbidden, "Forbidden" },
            { site.Rs256("victim", privateKey: stranger, expires: later), HttpStatusCode.Forbidden, "Forbidden" },
            { SiteUserTokens.Hs256("victim", expires: DateTimeOffset.UtcNow.AddMinutes(-5)), HttpStatusCode.Forbidden, "TokenExpired" },
            { SiteUserTokens.Hs256("victim", expires: later, issuer: "https://evil.example.com"), HttpStatusCode.Forbidden, "Forbidden" },
            { SiteUserTokens.Hs256("victim", expires: later, audience: "another-service"), HttpStatusCode.Forbidden, "Forbidden" },
            { SiteUserTokens.Hs256("dl_AAAAAAAAAAAAAAAAAAAA", expires: later), HttpStatusCode.Forbidden, "Forbidden" },
            { "not.a.jwt", HttpStatusCode.Forbidden, "Forbidden" },
            // alg "none": unsigned, so nobody vouches for it.
            { "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ2aWN0aW0iLCJpc3MiOiJodHRwczovL3Nob3AuZXhhbXBsZS5jb20iLCJhdWQiOiJzdXBwb3J0Ym90In0.", HttpStatusCode.Forbidden, "Forbidden" },
        };
    }

    [Theory]
    [MemberData(nameof(BadUserTokens))]
    public async Task Forged_expired_or_foreign_user_tokens_are_refused_on_both_token_endpoints(string userToken, HttpStatusCode status, string code)
    {
        var client = NewClient();
        var page = await client.SendAsync(HttpMethod.Post, "/api/directline/token", JsonContent.Create(new { userToken }), credential: string.Empty);
        Assert.Equal(status, page.StatusCode);
        var problem = JsonDocument.Parse(await page.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(code, problem.GetProperty("title").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));

        var generated = await client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate", JsonContent.Create(new { userToken }), SupportBotFactory.TestSecret);
        Assert.Equal(status, generated.StatusCode);
        Assert.Equal(code, ErrorCode(await generated.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_returning_anonymous_visitor_keeps_the_id_the_host_gave_but_cannot_claim_another_one()
    {
        var first = NewClient();
        await first.StartAsync();
        var anonymous = TokenPayload(first.Token).GetProperty("user").GetString()!;
        Assert.Matches("^dl_[A-Za-z0-9_-]{16}$", anonymous);

        var again = NewClient();
        await again.StartAsync(new { user = new { id = anonymous } });
        Assert.Equal(anonymous, TokenPayload(again.Token).GetProperty("user").GetString());
        Assert.NotEqual(first.ConversationId, again.ConversationId);

        foreach (var claimed in new[] { "crm-4711", "dl_short", "dl_" + new string('x', 80) })
        {
            var refused = await again.SendAsync(HttpMethod.Post, "/api/directline/token", JsonContent.Create(new { user = new { id = claimed } }), credential: string.Empty);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("dl_", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_user_token_and_a_different_verified_id_together_are_a_bad_request()
    {
        var refused = await NewClient().SendAsync(HttpMethod.Post, "/api/directline/token",
            JsonContent.Create(new { userToken = SiteUserTokens.Hs256("crm-1"), user = new { id = "crm-2" } }), credential: string.Empty);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        // The browser's anonymous id may come along when the visitor has signed in: the verified id wins.
        var signedIn = NewClient();
        await signedIn.StartAsync(new { userToken = SiteUserTokens.Hs256("crm-1"), user = new { id = "dl_AAAAAAAAAAAAAAAAAAAA" } });
        Assert.Equal("crm-1", TokenPayload(signedIn.Token).GetProperty("user").GetString());
    }

    [Fact]
    public async Task Posts_with_another_conversations_token_or_a_wrong_token_are_refused_and_nothing_is_stored()
    {
        var victim = NewClient();
        await victim.StartAsync(new { userToken = SiteUserTokens.Hs256("crm-victim") });
        var intruder = NewClient();
        await intruder.StartAsync();
        var path = $"/v3/directline/conversations/{victim.ConversationId}/activities";
        foreach (var (credential, status) in new[] { (intruder.Token, HttpStatusCode.Forbidden), ("forged.token.value", HttpStatusCode.Forbidden) })
        {
            var refused = await intruder.SendAsync(HttpMethod.Post, path, JsonContent.Create(new { type = "message", text = "injected" }), credential);
            Assert.Equal(status, refused.StatusCode);
            Assert.Equal("Forbidden", ErrorCode(await refused.Content.ReadAsStringAsync()));
        }
        Assert.DoesNotContain((await victim.GetActivitiesAsync()).Activities, a => a.Text == "injected");
        var touchpoints = await _host.Factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(victim.ConversationId);
        Assert.DoesNotContain(touchpoints, t => t.Text == "injected");
    }

    [Fact]
    public async Task A_host_without_user_token_settings_says_so_and_one_that_requires_them_refuses_anonymous_visitors()
    {
        var client = new DirectLineClient(NewFactory(configure: null).CreateClient());
        var unconfigured = await client.SendAsync(HttpMethod.Post, "/api/directline/token", JsonContent.Create(new { userToken = SiteUserTokens.Hs256("crm-1") }), credential: string.Empty);
        Assert.Equal(HttpStatusCode.BadRequest, unconfigured.StatusCode);
        Assert.Contains("DirectLine:UserTokens", await unconfigured.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var strict = new DirectLineClient(NewFactory(settings =>
        {
            _site.Configure(settings);
            settings["DirectLine:UserTokens:Required"] = "true";
        }).CreateClient());
        var anonymous = await strict.SendAsync(HttpMethod.Post, "/api/directline/token", null, credential: string.Empty);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        await strict.StartAsync(new { userToken = SiteUserTokens.Hs256("crm-1") });
        Assert.Equal("crm-1", TokenPayload(strict.Token).GetProperty("user").GetString());
    }

    [Theory]
    [InlineData("DirectLine:UserTokens:SigningKey", "too-short")]
    [InlineData("DirectLine:UserTokens:Issuer", "")]
    [InlineData("DirectLine:TrustedOrigins:0", "shop.example.com/path")]
    [InlineData("DirectLine:UserTokens:PublicKey", "/no/such/public-key.pem")]
    [InlineData("DirectLine:UserTokens:PublicKey", "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----")]
    public void Wrong_settings_stop_the_host_with_a_message_that_names_them(string key, string value)
    {
        using var factory = NewFactory(settings =>
        {
            _site.Configure(settings);
            settings[key] = value;
        });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains(key.Split(':')[0] + ":" + key.Split(':')[1], error.ToString(), StringComparison.Ordinal);
    }

    private readonly List<SupportBotFactory> _factories = [];

    private SupportBotFactory NewFactory(Action<IDictionary<string, string?>>? configure)
    {
        var factory = new SupportBotFactory { UseFakeClock = false };
        configure?.Invoke(factory.Settings);
        _factories.Add(factory);
        return factory;
    }

    public void Dispose()
    {
        foreach (var factory in _factories)
        {
            factory.Dispose();
        }
    }

    internal static JsonElement TokenPayload(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        return JsonDocument.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '='))).RootElement;
    }

    internal static string? ErrorCode(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString();
}
