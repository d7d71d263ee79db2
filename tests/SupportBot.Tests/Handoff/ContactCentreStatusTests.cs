using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Conversations;
using SupportBot.Handoff;
using SupportBot.Tests.BotFramework.Authentication;
using SupportBot.Tests.Channels.BotFramework;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Handoff;

/// The contact-centre's handoff.status on /api/messages: believed only from a channel that proved itself with its
/// token and that Handoff:ContactCentreChannels names, never from an unauthenticated caller, who could be anyone.
public sealed class ContactCentreStatusTests : IAsyncLifetime, IDisposable
{
    private const string AppId = "5d0ed3a2-7f44-4e49-a1d5-2b4c8f6e9a10";
    private LocalTokenAuthority _authority = null!;
    private FakeConnectorChannel _channel = null!;
    private SupportBotFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _authority = await LocalTokenAuthority.StartAsync();
        _channel = await FakeConnectorChannel.StartAsync();
        _factory = new SupportBotFactory();
        _factory.Settings["Handoff:Mode"] = "external";
        _factory.Settings["Bot:TrustedServiceUrlHosts:0"] = "127.0.0.1";
        _factory.Settings["Bot:Connector:MaxRetryAttempts"] = "0";
    }

    public async Task DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _authority.DisposeAsync();
    }

    public void Dispose() => _factory.Dispose();

    private void Authenticated()
    {
        _factory.Settings["Bot:MicrosoftAppId"] = AppId;
        _factory.Settings["Bot:MicrosoftAppPassword"] = "s3cret";
        _factory.Settings["Bot:ToBotFromChannelOpenIdMetadataUrl"] = _authority.ChannelMetadataUrl;
        _factory.Settings["Bot:ToBotFromEmulatorOpenIdMetadataUrl"] = _authority.EmulatorMetadataUrl;
        _factory.Settings["Bot:ToChannelFromBotLoginUrlPrefix"] = _channel.ServiceUrl;
    }

    private string Activity(string channel, string conversation, JsonObject content)
    {
        content["id"] = Guid.NewGuid().ToString("N");
        content["channelId"] = channel;
        content["serviceUrl"] = _channel.ServiceUrl;
        content["conversation"] = new JsonObject { ["id"] = conversation };
        content["from"] ??= new JsonObject { ["id"] = "customer-1", ["name"] = "Customer" };
        content["recipient"] = new JsonObject { ["id"] = "bot-1", ["name"] = "SupportBot" };
        return content.ToJsonString();
    }

    private async Task PostAsync(string json, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        }
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().SendAsync(request)).StatusCode);
        await _factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
    }

    private static JsonObject Escalation() => new() { ["type"] = "message", ["text"] = "I want a real person" };

    private static JsonObject Status(string state) => new()
    {
        ["type"] = "event",
        ["name"] = "handoff.status",
        // What a forger would write to look like the channel's own caller.
        ["callerId"] = "urn:botframework:azure",
        ["value"] = new JsonObject { ["state"] = state, ["message"] = "forged" },
    };

    // The handoff's state and the steps the touchpoint log holds, comma-separated.
    private async Task<(string? State, string Steps)> HandoffOfAsync(string channel, string conversation)
    {
        var handoff = await _factory.Services.GetRequiredService<HandoffStore>().FindLatestAsync(conversation, CancellationToken.None);
        var steps = (await _factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(conversation))
            .Where(t => t.Kind is TouchpointKind.Queued or TouchpointKind.Claimed or TouchpointKind.Resolution or TouchpointKind.HandoffCancelled)
            .Select(t => t.Kind);
        Assert.Equal(channel, handoff?.Channel);
        return (handoff?.State, string.Join(",", steps));
    }

    [Theory]
    [InlineData("accepted")]
    [InlineData("completed")]
    [InlineData("failed")]
    public async Task An_unauthenticated_status_changes_nothing(string state)
    {
        var conversation = $"c-{Guid.NewGuid():N}";
        _factory.Settings["Handoff:ContactCentreChannels:0"] = "omnichannel";
        await PostAsync(Activity("omnichannel", conversation, Escalation()));

        await PostAsync(Activity("omnichannel", conversation, Status(state)));

        Assert.Equal((HandoffStates.Queued, "queued"), await HandoffOfAsync("omnichannel", conversation));
    }

    [Fact]
    public async Task A_channel_that_proved_itself_and_is_listed_speaks_for_the_centre()
    {
        Authenticated();
        var key = _authority.Publish(["omnichannel"]);
        var token = _authority.CreateChannelToken(AppId, _channel.ServiceUrl, key);
        var conversation = $"c-{Guid.NewGuid():N}";
        await PostAsync(Activity("omnichannel", conversation, Escalation()), token);

        await PostAsync(Activity("omnichannel", conversation, Status("accepted")), token);
        Assert.Equal((HandoffStates.WithAgent, "queued,claimed"), await HandoffOfAsync("omnichannel", conversation));
        await PostAsync(Activity("omnichannel", conversation, Status("completed")), token);
        Assert.Equal((HandoffStates.Resolved, "queued,claimed,resolution"), await HandoffOfAsync("omnichannel", conversation));
    }

    [Fact]
    public async Task A_channel_whose_customers_write_their_own_events_does_not()
    {
        // Azure's Direct Line relays what the customer's page posts, under the channel's genuine token.
        Authenticated();
        var token = _authority.CreateChannelToken(AppId, _channel.ServiceUrl);
        var conversation = $"c-{Guid.NewGuid():N}";
        await PostAsync(Activity("directline", conversation, Escalation()), token);

        await PostAsync(Activity("directline", conversation, Status("accepted")), token);

        Assert.Equal((HandoffStates.Queued, "queued"), await HandoffOfAsync("directline", conversation));
    }
}
