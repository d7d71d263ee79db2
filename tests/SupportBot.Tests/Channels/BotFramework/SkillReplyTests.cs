using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SupportBot.Channels.BotFramework;
using SupportBot.Conversations;
using SupportBot.Tests.BotFramework;
using SupportBot.Tests.BotFramework.Authentication;
using SupportBot.Tests.BotFramework.ManagedIdentity;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Channels.BotFramework;

/// The bot called as a skill by another bot, end to end through the host: the caller's signed token is checked, the
/// reply goes to the caller's own skill host endpoint (Bot:SkillHostEndpoints) with a token whose audience is the
/// caller's app id, obtained from (fake) Entra ID, and never with the Bot Framework token channels get.
public sealed class SkillReplyTests : IAsyncLifetime, IDisposable
{
    private const string AppId = "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8";
    private const string CallerAppId = "c41e2d7a-95b3-4f6e-8a1d-2b3c4d5e6f70";
    private const string OtherCallerAppId = "d52f3e8b-a6c4-4071-9b2e-3c4d5e6f7081";

    // A Bot Framework tenant: its Entra issuers are among those a multi-tenant bot accepts for skill callers.
    private const string CallerTenant = "d6d49420-f39b-4df7-a1dc-d59a935871db";
    private LocalTokenAuthority _authority = null!;
    private FakeAzureIdentity _entra = null!;
    private FakeConnectorChannel _caller = null!;
    private FakeConnectorChannel _otherCaller = null!;
    private SupportBotFactory _factory = null!;

    private string CallerSkillHost => _caller.ServiceUrl + "api/skills/";

    public async Task InitializeAsync()
    {
        _authority = await LocalTokenAuthority.StartAsync();
        _entra = await FakeAzureIdentity.StartAsync();
        _caller = await FakeConnectorChannel.StartAsync();
        _otherCaller = await FakeConnectorChannel.StartAsync();
        _factory = new SupportBotFactory();
        var settings = _factory.Settings;
        settings["Bot:MicrosoftAppId"] = AppId;
        settings["Bot:MicrosoftAppPassword"] = _entra.AcceptedSecret;
        settings["Bot:ToBotFromChannelOpenIdMetadataUrl"] = _authority.ChannelMetadataUrl;
        settings["Bot:ToBotFromEmulatorOpenIdMetadataUrl"] = _authority.EmulatorMetadataUrl;
        settings["Bot:ToChannelFromBotLoginUrlPrefix"] = _entra.AuthorityHost;
        settings["Bot:AllowedCallers:0"] = CallerAppId;
        settings["Bot:AllowedCallers:1"] = OtherCallerAppId;
        settings[$"Bot:SkillHostEndpoints:{CallerAppId}"] = CallerSkillHost;
        settings[$"Bot:SkillHostEndpoints:{OtherCallerAppId}"] = _otherCaller.ServiceUrl + "api/skills/";
        settings["Bot:Connector:MaxRetryAttempts"] = "0";
    }

    public async Task DisposeAsync()
    {
        await _otherCaller.DisposeAsync();
        await _caller.DisposeAsync();
        await _entra.DisposeAsync();
        await _authority.DisposeAsync();
    }

    public void Dispose() => _factory.Dispose();

    private static string Question(string serviceUrl, string? conversation = null)
    {
        var activity = JsonNode.Parse(Fixture.Read("teams-personal-message"))!.AsObject();
        activity["serviceUrl"] = serviceUrl;
        activity["id"] = Guid.NewGuid().ToString("N");
        activity["conversation"]!["id"] = conversation ?? $"a:{Guid.NewGuid():N}";
        activity["text"] = "How do I reset my password?";
        return activity.ToJsonString();
    }

    private string SkillToken(string callerAppId = CallerAppId, string version = "2.0")
        => _authority.CreateEntraToken(audience: AppId, appId: callerAppId, version: version, tenant: CallerTenant);

    private async Task<HttpResponseMessage> PostAsync(string json, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        var response = await _factory.CreateClient().SendAsync(request);
        await _factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        return response;
    }

    private static string Audience(string? authorization)
        => FakeAzureIdentity.Read(authorization!["Bearer ".Length..]).Audiences.Single();

    [Theory]
    [InlineData("1.0")]
    [InlineData("2.0")]
    public async Task A_skill_callers_reply_goes_to_its_skill_host_with_a_token_for_the_caller_alone(string version)
    {
        // Loopback is not in Bot:TrustedServiceUrlHosts here: the caller's entry in Bot:SkillHostEndpoints is what
        // lets the reply go to it.
        var response = await PostAsync(Question(CallerSkillHost), SkillToken(version: version));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(_caller.Delivered);
        Assert.StartsWith("/api/skills/v3/conversations/", reply.RawTarget, StringComparison.Ordinal);
        Assert.Equal(CallerAppId, Audience(reply.Authorization));
        var tokenRequest = Assert.Single(_entra.Requests);
        Assert.Equal($"{CallerAppId}/.default", tokenRequest.Form["scope"]);
        Assert.Equal(AppId, tokenRequest.Form["client_id"]);
        Assert.Equal("/botframework.com/oauth2/v2.0/token", tokenRequest.Path);
        Assert.Empty(_otherCaller.Calls);
    }

    [Fact]
    public async Task Replies_to_two_callers_and_to_a_channel_each_carry_their_own_audience()
    {
        _factory.Settings["Bot:TrustedServiceUrlHosts:0"] = "127.0.0.1";
        await using var teams = await FakeConnectorChannel.StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Question(CallerSkillHost), SkillToken())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Question(_otherCaller.ServiceUrl + "api/skills/"), SkillToken(OtherCallerAppId))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Question(teams.ServiceUrl), _authority.CreateChannelToken(AppId, teams.ServiceUrl))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Question(CallerSkillHost), SkillToken())).StatusCode);

        Assert.All(_caller.Delivered, c => Assert.Equal(CallerAppId, Audience(c.Authorization)));
        Assert.Equal(2, _caller.Delivered.Count);
        Assert.Equal(OtherCallerAppId, Audience(Assert.Single(_otherCaller.Delivered).Authorization));
        Assert.Equal("https://api.botframework.com", Audience(Assert.Single(teams.Delivered).Authorization));
        // One token per audience, reused for the caller's second reply.
        Assert.Equal(3, _entra.Requests.Count);
    }

    [Fact]
    public async Task A_caller_naming_another_callers_skill_host_is_refused_with_a_problem_and_nothing_is_sent()
    {
        var response = await PostAsync(Question(_otherCaller.ServiceUrl + "api/skills/"), SkillToken());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("Bot:SkillHostEndpoints", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(CallerAppId, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_otherCaller.Calls);
        Assert.Empty(_caller.Calls);
        Assert.Empty(_entra.Requests);
    }

    [Fact]
    public async Task A_caller_outside_the_allow_list_is_refused_without_a_word_even_at_its_own_endpoint()
    {
        _factory.Settings["Bot:AllowedCallers:1"] = "e63a4f9c-b7d5-4182-8c3f-4d5e6f708192";

        var response = await PostAsync(Question(_otherCaller.ServiceUrl + "api/skills/"), SkillToken(OtherCallerAppId));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_otherCaller.Calls);
        Assert.Empty(_entra.Requests);
    }

    [Fact]
    public void A_skill_host_endpoint_that_is_no_url_stops_the_host_naming_the_setting()
    {
        _factory.Settings[$"Bot:SkillHostEndpoints:{OtherCallerAppId}"] = "root.example.com/api/skills";

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => _factory.Server);

        Assert.Contains($"Bot:SkillHostEndpoints:{OtherCallerAppId} must be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_inline_image_at_a_callers_endpoint_is_never_fetched_with_the_channel_token()
    {
        var activity = JsonNode.Parse(Fixture.Read("teams-inline-image-message"))!.AsObject();
        activity["serviceUrl"] = CallerSkillHost;
        activity["id"] = Guid.NewGuid().ToString("N");
        activity["conversation"]!["id"] = $"a:{Guid.NewGuid():N}";
        activity["attachments"]![0]!["contentUrl"] = $"{CallerSkillHost}v3/attachments/0-wus-d4-0a1b2c3d/views/original";

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(activity.ToJsonString(), SkillToken())).StatusCode);

        Assert.DoesNotContain(_caller.Calls, c => c.Method == "GET");
        Assert.All(_entra.Requests, r => Assert.Equal($"{CallerAppId}/.default", r.Form["scope"]));
    }

    [Fact]
    public async Task A_reply_the_caller_could_not_take_is_delivered_later_from_the_outbox_still_scoped_to_the_caller()
    {
        _caller.Down = true;
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Question(CallerSkillHost), SkillToken())).StatusCode);
        Assert.Empty(_caller.Delivered);

        _caller.Down = false;
        var drain = _factory.Services.GetServices<IHostedService>().OfType<ConnectorOutboxDrain>().Single();
        _factory.Clock.Advance(TimeSpan.FromHours(1));
        await drain.DrainOnceAsync(CancellationToken.None);

        var reply = Assert.Single(_caller.Delivered);
        Assert.StartsWith("/api/skills/", reply.RawTarget, StringComparison.Ordinal);
        Assert.Equal(CallerAppId, Audience(reply.Authorization));
        Assert.All(_entra.Requests, r => Assert.Equal($"{CallerAppId}/.default", r.Form["scope"]));
    }
}
