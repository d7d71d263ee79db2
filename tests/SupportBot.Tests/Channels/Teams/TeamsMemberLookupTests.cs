using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SupportBot.Channels.Teams;
using SupportBot.Conversations;
using SupportBot.Storage;
using SupportBot.Tests.BotFramework;
using SupportBot.Tests.BotFramework.Authentication;
using SupportBot.Tests.Channels.BotFramework;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Channels.Teams;

/// Agents see who a Teams customer is: the member's roster record (GET v3/conversations/{id}/members/{userId}, as
/// botbuilder's TeamsInfo.getMember calls it; the fake connector answers as Teams does) is looked up once, off the
/// turn, when the customer first appears, and again when a handoff opens without one; it is shown in the journey and
/// the handoff brief, exported and erased with the customer. Teams refusing the lookup or not answering in time is
/// logged and changes nothing else.
public sealed class TeamsMemberLookupTests : IAsyncLifetime, IDisposable
{
    private const string AppId = "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8";
    private const string AgentKey = "agent-key-0123456789-dewi";
    private const string SupervisorKey = "supervisor-key-0123456789-sari";
    private readonly string _conversation = $"a:{Guid.NewGuid():N}";
    private readonly string _objectId = Guid.NewGuid().ToString();
    private readonly string _userId = $"29:{Guid.NewGuid():N}";
    private readonly CapturedLogs _logs = new();
    private LocalTokenAuthority _authority = null!;
    private FakeConnectorChannel _channel = null!;
    private SupportBotFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _authority = await LocalTokenAuthority.StartAsync();
        _channel = await FakeConnectorChannel.StartAsync();
        _factory = new SupportBotFactory { TestServices = services => services.AddSingleton<ILoggerProvider>(_logs) };
        var settings = _factory.Settings;
        // Authenticated as Teams is, so the customer's aadObjectId counts.
        settings["Bot:MicrosoftAppId"] = AppId;
        settings["Bot:MicrosoftAppPassword"] = "s3cret";
        settings["Bot:ToBotFromChannelOpenIdMetadataUrl"] = _authority.ChannelMetadataUrl;
        settings["Bot:ToBotFromEmulatorOpenIdMetadataUrl"] = _authority.EmulatorMetadataUrl;
        settings["Bot:ToChannelFromBotLoginUrlPrefix"] = _channel.ServiceUrl;
        settings["Bot:TrustedServiceUrlHosts:0"] = "127.0.0.1";
        settings["TeamsMembers:Enabled"] = "true";
        settings["TeamsMembers:Timeout"] = "00:00:00.500";
        settings["Bot:Connector:MaxRetryAttempts"] = "0";
        settings["Agents:ApiKeys:0:Key"] = AgentKey;
        settings["Agents:ApiKeys:0:Agent"] = "dewi";
        settings["Agents:ApiKeys:0:Role"] = "agent";
        settings["Agents:ApiKeys:1:Key"] = SupervisorKey;
        settings["Agents:ApiKeys:1:Agent"] = "sari";
        settings["Agents:ApiKeys:1:Role"] = "supervisor";
    }

    public async Task DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _authority.DisposeAsync();
    }

    public void Dispose() => _factory.Dispose();

    private T Get<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    private async Task SayAsync(string text)
    {
        var activity = JsonNode.Parse(Fixture.Read("teams-personal-message"))!.AsObject();
        activity.Remove("attachments");
        activity.Remove("entities");
        activity["id"] = Guid.NewGuid().ToString("N");
        activity["serviceUrl"] = _channel.ServiceUrl;
        activity["conversation"]!["id"] = _conversation;
        activity["from"] = new JsonObject { ["id"] = _userId, ["name"] = "Megan Bowen", ["aadObjectId"] = _objectId };
        activity["text"] = text;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {_authority.CreateChannelToken(AppId, _channel.ServiceUrl)}");
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().SendAsync(request)).StatusCode);
        await Get<ConversationLanes>().DrainAsync();
        await Get<TeamsMemberLookup>().IdleAsync();
    }

    private List<FakeConnectorChannel.ConnectorCall> Lookups()
        => [.. _channel.Calls.Where(c => c.Method == "GET" && c.RawTarget.Contains("/members/", StringComparison.Ordinal))];

    private async Task<JsonElement> GetJsonAsync(string key, string path)
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<string> BriefAsync()
    {
        await using var connection = await Get<Database>().OpenAsync();
        return await connection.QuerySingleAsync<string>("SELECT summary FROM handoffs WHERE conversation_id = @c", new { c = _conversation });
    }

    [Fact]
    public async Task A_new_teams_customer_is_looked_up_once_and_agents_see_the_profile()
    {
        await SayAsync("How do I reset my password?");

        var lookup = Assert.Single(Lookups());
        Assert.Equal($"/v3/conversations/{Uri.EscapeDataString(_conversation)}/members/{Uri.EscapeDataString(_userId)}", lookup.RawTarget);
        Assert.StartsWith("Bearer token-", lookup.Authorization, StringComparison.Ordinal);
        var profile = (await GetJsonAsync(AgentKey, $"/api/customers/aad:{_objectId}/journey")).GetProperty("profile");
        Assert.Equal("Megan Bowen", profile.GetProperty("name").GetString());
        Assert.Equal("meganb@contoso.com", profile.GetProperty("email").GetString());
        Assert.Equal("meganb@contoso.com", profile.GetProperty("upn").GetString());
        Assert.Equal("Megan Bowen <meganb@contoso.com>", profile.GetProperty("display").GetString());

        // Known now: neither the next message nor the handoff asks Teams again, and the brief names her.
        await SayAsync("I want to talk to a person");
        Assert.Single(Lookups());
        Assert.StartsWith("Teams profile: Megan Bowen <meganb@contoso.com>.", await BriefAsync(), StringComparison.Ordinal);

        // Personal data: in the export, and gone with the customer.
        var export = await GetJsonAsync(SupervisorKey, $"/api/customers/aad:{_objectId}/export");
        Assert.Equal("meganb@contoso.com", Assert.Single(export.GetProperty("profiles").EnumerateArray()).GetProperty("email").GetString());
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", SupervisorKey);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync(new Uri($"/api/customers/aad:{_objectId}", UriKind.Relative))).StatusCode);
        await using var connection = await Get<Database>().OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM customer_profiles"));
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    public async Task A_lookup_teams_refuses_is_logged_and_the_turn_goes_on(int status)
    {
        _channel.MemberStatus = status;

        await SayAsync("How do I reset my password?");

        Assert.Single(Lookups());
        Assert.Contains(_channel.Delivered, c => c.Method == "POST" && c.Activity?.Type == "message");
        Assert.True(_logs.Contains($"Could not look up the Teams member of conversation {_conversation}: {status} from Teams"));
        Assert.Equal(JsonValueKind.Null, (await GetJsonAsync(AgentKey, $"/api/customers/aad:{_objectId}/journey")).GetProperty("profile").ValueKind);

        // The handoff asks once more, and opens all the same, without a profile line.
        await SayAsync("I want to talk to a person");
        Assert.Equal(2, Lookups().Count);
        Assert.DoesNotContain("Teams profile", await BriefAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lookup_teams_does_not_answer_in_time_is_given_up()
    {
        _channel.MemberDelay = TimeSpan.FromSeconds(30);
        _channel.MemberStatus = 200;

        await SayAsync("How do I reset my password?");

        Assert.Contains(_channel.Delivered, c => c.Method == "POST" && c.Activity?.Type == "message");
        Assert.True(_logs.Contains($"Could not look up the Teams member of conversation {_conversation}: timed out"));
        Assert.Equal(JsonValueKind.Null, (await GetJsonAsync(AgentKey, $"/api/customers/aad:{_objectId}/journey")).GetProperty("profile").ValueKind);
    }
}
