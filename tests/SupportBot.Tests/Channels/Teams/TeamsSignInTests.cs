using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework.UserTokens;
using SupportBot.Conversations;
using SupportBot.Customers;
using SupportBot.Storage;
using SupportBot.Tests.BotFramework;
using SupportBot.Tests.BotFramework.Authentication;
using SupportBot.Tests.Channels.BotFramework;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Channels.Teams;

/// Teams single sign-on end to end: a real host behind an authenticated channel, the bot's token from the fake
/// Entra endpoint, and the fake Bot Framework Token Service. "sign in" sends the OAuth card; signin/tokenExchange
/// and signin/verifyState sign the customer in (only as the Teams user they are); the verified identity joins
/// their customer record for agents; "sign out" forgets it; account requests can wait for a sign-in.
public sealed class TeamsSignInTests : IAsyncLifetime, IDisposable
{
    private const string AppId = "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8";
    private const string AgentKey = "agent-key-0123456789-dewi";
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private LocalTokenAuthority _authority = null!;
    private FakeConnectorChannel _channel = null!;
    private FakeTokenService _tokens = null!;
    private SupportBotFactory _factory = null!;
    private readonly string _conversation = $"a:{Guid.NewGuid():N}";
    private readonly FakeTokenService.User _megan = new(
        $"29:{Guid.NewGuid():N}", Guid.NewGuid().ToString(), Tenant, "megan.bowen@contoso.com", "Megan Bowen");

    public async Task InitializeAsync()
    {
        _authority = await LocalTokenAuthority.StartAsync();
        _channel = await FakeConnectorChannel.StartAsync();
        _tokens = await FakeTokenService.StartAsync();
        _factory = new SupportBotFactory();
        var settings = _factory.Settings;
        settings["Bot:MicrosoftAppId"] = AppId;
        settings["Bot:MicrosoftAppPassword"] = "s3cret";
        settings["Bot:ToBotFromChannelOpenIdMetadataUrl"] = _authority.ChannelMetadataUrl;
        settings["Bot:ToBotFromEmulatorOpenIdMetadataUrl"] = _authority.EmulatorMetadataUrl;
        settings["Bot:ToChannelFromBotLoginUrlPrefix"] = _channel.ServiceUrl;
        settings["Bot:TrustedServiceUrlHosts:0"] = "127.0.0.1";
        settings["Bot:Connector:MaxRetryAttempts"] = "0";
        settings["Bot:OAuthConnectionName"] = FakeTokenService.ConnectionName;
        settings["Bot:OAuthUrl"] = _tokens.Url;
        settings["Agents:ApiKeys:0:Key"] = AgentKey;
        settings["Agents:ApiKeys:0:Agent"] = "dewi";
        settings["Agents:ApiKeys:0:Role"] = "agent";
    }

    public async Task DisposeAsync()
    {
        await _tokens.DisposeAsync();
        await _channel.DisposeAsync();
        await _authority.DisposeAsync();
    }

    public void Dispose() => _factory.Dispose();

    private JsonObject Activity(string type, FakeTokenService.User? user = null)
    {
        user ??= _megan;
        var activity = JsonNode.Parse(Fixture.Read("teams-personal-message"))!.AsObject();
        activity.Remove("attachments");
        activity["type"] = type;
        activity["serviceUrl"] = _channel.ServiceUrl;
        activity["id"] = Guid.NewGuid().ToString("N");
        activity["conversation"]!["id"] = _conversation;
        activity["from"] = new JsonObject { ["id"] = user.TeamsId, ["name"] = user.Name, ["aadObjectId"] = user.ObjectId };
        return activity;
    }

    private async Task<HttpResponseMessage> PostAsync(JsonObject activity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {_authority.CreateChannelToken(AppId, _channel.ServiceUrl)}");
        var response = await _factory.CreateClient().SendAsync(request);
        await _factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        return response;
    }

    private async Task SayAsync(string text)
    {
        var message = Activity("message");
        message["text"] = text;
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(message)).StatusCode);
    }

    private Task<HttpResponseMessage> ExchangeAsync(string id, string token, string connectionName = FakeTokenService.ConnectionName)
    {
        var invoke = Activity("invoke");
        invoke["name"] = SignInInvokeNames.TokenExchange;
        invoke["value"] = new JsonObject { ["id"] = id, ["connectionName"] = connectionName, ["token"] = token };
        return PostAsync(invoke);
    }

    private Task<HttpResponseMessage> VerifyStateAsync(string code)
    {
        var invoke = Activity("invoke");
        invoke["name"] = SignInInvokeNames.VerifyState;
        invoke["value"] = new JsonObject { ["state"] = code };
        return PostAsync(invoke);
    }

    private List<JsonObject> Sent() => [.. _channel.Delivered.Where(c => c.Method == "POST" && c.Body.Length > 0).Select(c => JsonNode.Parse(c.Body)!.AsObject())];

    private static JsonObject? OAuthCardOf(JsonObject activity)
        => activity["attachments"]?.AsArray().FirstOrDefault(a => a!["contentType"]!.GetValue<string>() == OAuthCard.ContentType)?["content"]?.AsObject();

    private async Task<JsonElement> JourneyAsync()
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AgentKey);
        var response = await client.GetAsync($"/api/customers/aad:{_megan.ObjectId}/journey");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<VerifiedIdentity?> VerifiedAsync()
    {
        var customer = await _factory.Services.GetRequiredService<CustomerStore>().FindAsync($"aad:{_megan.ObjectId}", allowIdentity: true);
        return customer is null ? null : await _factory.Services.GetRequiredService<CustomerVerifications>().FindAsync(customer);
    }

    [Fact]
    public async Task Saying_sign_in_sends_the_oauth_card_with_the_exchange_resource_and_the_sign_in_link()
    {
        await SayAsync("sign in");

        var card = OAuthCardOf(Assert.Single(Sent()));
        Assert.NotNull(card);
        Assert.Equal(FakeTokenService.ConnectionName, card["connectionName"]!.GetValue<string>());
        Assert.Equal(FakeTokenService.Resource, card["tokenExchangeResource"]!["uri"]!.GetValue<string>());
        var button = Assert.Single(card["buttons"]!.AsArray())!;
        Assert.Equal("signin", button["type"]!.GetValue<string>());
        Assert.StartsWith($"{_tokens.Url}/api/oauth/signin?signin=", button["value"]!.GetValue<string>(), StringComparison.Ordinal);

        // GetSignInResource got the state the SDK sends: base64 JSON of the bot, connection and conversation.
        var call = Assert.Single(_tokens.CallsTo("/api/botsignin/GetSignInResource"));
        Assert.Equal(200, call.Status);
        Assert.StartsWith("Bearer token-", call.Authorization, StringComparison.Ordinal);
        var state = JsonNode.Parse(Convert.FromBase64String(call.Query["state"]))!;
        Assert.Equal(AppId, state["msAppId"]!.GetValue<string>());
        Assert.Equal(FakeTokenService.ConnectionName, state["connectionName"]!.GetValue<string>());
        Assert.Equal(_conversation, state["conversation"]!["conversation"]!["id"]!.GetValue<string>());
        Assert.Null(await VerifiedAsync());
    }

    [Fact]
    public async Task A_token_exchange_signs_the_customer_in_and_agents_see_who_they_are()
    {
        await SayAsync("sign in");
        var id = Guid.NewGuid().ToString();

        var response = await ExchangeAsync(id, _tokens.IssueSsoToken(_megan));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(id, body["id"]!.GetValue<string>());
        Assert.Equal(FakeTokenService.ConnectionName, body["connectionName"]!.GetValue<string>());
        Assert.Null(body["failureDetail"]);
        var exchange = Assert.Single(_tokens.CallsTo("/api/usertoken/exchange"));
        Assert.Equal(_megan.TeamsId, exchange.Query["userId"]);
        Assert.Equal("msteams", exchange.Query["channelId"]);
        Assert.StartsWith("Bearer token-", exchange.Authorization, StringComparison.Ordinal);
        Assert.Contains("Megan Bowen", Sent()[^1]["text"]!.GetValue<string>(), StringComparison.Ordinal);

        var journey = await JourneyAsync();
        var verified = journey.GetProperty("verified");
        Assert.Equal(_megan.ObjectId, verified.GetProperty("objectId").GetString());
        Assert.Equal("megan.bowen@contoso.com", verified.GetProperty("email").GetString());
        Assert.Equal("Megan Bowen <megan.bowen@contoso.com>", verified.GetProperty("display").GetString());
        var db = _factory.Services.GetRequiredService<Database>();
        await using var connection = await db.OpenAsync();
        Assert.Equal("Megan Bowen <megan.bowen@contoso.com>", await connection.QuerySingleAsync<string>(
            "SELECT text FROM touchpoints WHERE conversation_id = @c AND kind = 'sign_in'", new { c = _conversation }));

        // The agent who takes the conversation reads who the customer is at the top of the brief.
        await SayAsync("I want to talk to a person");
        var summary = await connection.QuerySingleAsync<string>("SELECT summary FROM handoffs WHERE conversation_id = @c", new { c = _conversation });
        Assert.StartsWith("Verified as Megan Bowen <megan.bowen@contoso.com>", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exchange_the_service_refuses_is_a_412_so_teams_shows_the_sign_in_button()
    {
        await SayAsync("sign in");
        var id = Guid.NewGuid().ToString();

        var response = await ExchangeAsync(id, _tokens.IssueSsoToken(_megan, consented: false));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(id, body["id"]!.GetValue<string>());
        Assert.Equal(FakeTokenService.ConnectionName, body["connectionName"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["failureDetail"]!.GetValue<string>()));
        Assert.Equal(400, Assert.Single(_tokens.CallsTo("/api/usertoken/exchange")).Status);
        Assert.Null(await VerifiedAsync());
    }

    [Fact]
    public async Task A_repeated_exchange_id_is_answered_200_without_exchanging_again()
    {
        var id = Guid.NewGuid().ToString();
        var token = _tokens.IssueSsoToken(_megan);

        var first = await ExchangeAsync(id, token);
        var second = await ExchangeAsync(id, token);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(string.Empty, await second.Content.ReadAsStringAsync());
        Assert.Single(_tokens.CallsTo("/api/usertoken/exchange"));
    }

    [Fact]
    public async Task An_exchange_for_another_connection_is_a_400()
    {
        var response = await ExchangeAsync(Guid.NewGuid().ToString(), _tokens.IssueSsoToken(_megan), connectionName: "SomeoneElses");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_tokens.CallsTo("/api/usertoken/exchange"));
    }

    [Fact]
    public async Task The_sign_in_links_magic_code_signs_the_customer_in_through_verify_state()
    {
        await SayAsync("log in");
        // A code no sign-in produced yields no token.
        Assert.Equal(HttpStatusCode.NotFound, (await VerifyStateAsync("000000")).StatusCode);
        var code = _tokens.SignInThroughLink(_megan.TeamsId, _megan);

        var response = await VerifyStateAsync(code);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = _tokens.CallsTo("/api/usertoken/GetToken")[^1];
        Assert.Equal(code, call.Query["code"]);
        Assert.Equal(FakeTokenService.ConnectionName, call.Query["connectionName"]);
        Assert.Equal(_megan.ObjectId, (await VerifiedAsync())?.ObjectId);
    }

    [Fact]
    public async Task A_token_for_another_entra_user_is_refused_and_signed_out()
    {
        var someoneElse = _megan with { ObjectId = Guid.NewGuid().ToString(), Upn = "eve@contoso.com", Name = "Eve" };
        var code = _tokens.SignInThroughLink(_megan.TeamsId, someoneElse);

        var response = await VerifyStateAsync(code);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(await VerifiedAsync());
        Assert.Single(_tokens.CallsTo("/api/usertoken/SignOut"));
        Assert.False(_tokens.Tokens.ContainsKey(_megan.TeamsId));
        Assert.Contains("different account", Sent()[^1]["text"]!.GetValue<string>(), StringComparison.Ordinal);

        // The same through SSO: the exchange is refused with 412.
        var exchange = await ExchangeAsync(Guid.NewGuid().ToString(), _tokens.IssueSsoToken(someoneElse with { TeamsId = _megan.TeamsId }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, exchange.StatusCode);
        Assert.Null(await VerifiedAsync());
    }

    [Fact]
    public async Task Sign_out_forgets_the_token_and_the_verified_identity()
    {
        Assert.Equal(HttpStatusCode.OK, (await ExchangeAsync(Guid.NewGuid().ToString(), _tokens.IssueSsoToken(_megan))).StatusCode);
        Assert.NotNull(await VerifiedAsync());

        await SayAsync("sign out");

        var call = Assert.Single(_tokens.CallsTo("/api/usertoken/SignOut"));
        Assert.Equal("DELETE", call.Method);
        Assert.Equal(_megan.TeamsId, call.Query["userId"]);
        Assert.Null(await VerifiedAsync());
        Assert.False((await JourneyAsync()).TryGetProperty("verified", out var verified) && verified.ValueKind != JsonValueKind.Null);
        Assert.Contains("signed out", Sent()[^1]["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_request_waits_for_a_sign_in_when_required_and_is_taken_up_after_it()
    {
        _factory.Settings["TeamsSignIn:RequireForAccountActions"] = "true";

        await SayAsync("Please cancel my order LM-4821937");

        Assert.NotNull(OAuthCardOf(Assert.Single(Sent())));
        Assert.Null(await VerifiedAsync());

        var response = await ExchangeAsync(Guid.NewGuid().ToString(), _tokens.IssueSsoToken(_megan));
        await _factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(await VerifiedAsync());
        var sent = Sent();
        // The confirmation, then the bot's answer to the request it held back: an offer of a person, as for any account action.
        Assert.Equal(3, sent.Count);
        Assert.Null(OAuthCardOf(sent[2]));
        var db = _factory.Services.GetRequiredService<Database>();
        await using var connection = await db.OpenAsync();
        var kinds = (await connection.QueryAsync<string>("SELECT kind FROM touchpoints WHERE conversation_id = @c ORDER BY id", new { c = _conversation })).ToList();
        Assert.Equal(["customer_message", "small_talk", "sign_in", "customer_message", "escalation"], kinds);
    }

    [Fact]
    public async Task Without_the_requirement_an_account_request_is_answered_as_before()
    {
        await SayAsync("Please cancel my order LM-4821937");

        Assert.Null(OAuthCardOf(Assert.Single(Sent())));
        Assert.Empty(_tokens.Calls);
    }
}
