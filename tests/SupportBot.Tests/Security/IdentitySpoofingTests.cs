using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Conversations;
using SupportBot.Customers;
using SupportBot.Tests.BotFramework;
using SupportBot.Tests.Channels;
using SupportBot.Tests.Channels.BotFramework;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Security;

/// A sender cannot take another customer's identity by naming it: an Entra ID object id (from.aadObjectId) counts
/// only when a channel that authenticated the sender put it there. Before, an anonymous Direct Line visitor who
/// posted a Teams customer's object id had their messages and handoffs filed under that customer.
public sealed class IdentitySpoofingTests : IAsyncLifetime, IDisposable
{
    private readonly SupportBotFactory _factory = new();
    private FakeConnectorChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _channel = await FakeConnectorChannel.StartAsync();
        _factory.Settings["Bot:TrustedServiceUrlHosts:0"] = "127.0.0.1";
        _factory.Settings["Bot:Connector:MaxRetryAttempts"] = "0";
    }

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    public void Dispose() => _factory.Dispose();

    private async Task<IReadOnlyList<Touchpoint>> ConversationAsync(string conversationId)
    {
        await _factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        return await _factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(conversationId);
    }

    private Task<string?> VictimAsync(string objectId)
        => _factory.Services.GetRequiredService<CustomerStore>().FindAsync($"aad:{objectId}", allowIdentity: true);

    [Fact]
    public async Task A_Direct_Line_visitor_who_names_a_Teams_customers_object_id_stays_themselves()
    {
        var victim = Guid.NewGuid().ToString();
        var visitor = new DirectLineClient(_factory.CreateClient());
        await visitor.StartAsync();

        var posted = await visitor.PostAsync(new
        {
            type = "message",
            text = "How do I reset my password?",
            from = new { id = "x", aadObjectId = victim, email = "victim@example.com", userPrincipalName = "victim@example.com" },
        });
        posted.EnsureSuccessStatusCode();
        await visitor.WaitForAsync(a => a.From?.Role == "bot" && a.ReplyToId is not null);

        var said = Assert.Single(await ConversationAsync(visitor.ConversationId), t => t.Kind == TouchpointKind.CustomerMessage);
        Assert.Null(await VictimAsync(victim));
        Assert.NotEqual(await VictimAsync(victim), said.CustomerId);
        var echo = Assert.Single((await visitor.GetActivitiesAsync()).Activities, a => a.From?.Role == "user");
        Assert.Null(echo.From?.AadObjectId);
        Assert.Null(echo.From?.ExtensionData);
    }

    [Fact]
    public async Task An_unauthenticated_post_to_api_messages_cannot_name_a_Teams_customers_object_id()
    {
        var victim = Guid.NewGuid().ToString();
        var activity = JsonNode.Parse(Fixture.Read("teams-personal-message"))!.AsObject();
        var conversationId = $"a:{Guid.NewGuid():N}";
        activity["serviceUrl"] = _channel.ServiceUrl;
        activity["id"] = Guid.NewGuid().ToString("N");
        activity["conversation"]!["id"] = conversationId;
        activity["from"]!["aadObjectId"] = victim;
        activity["text"] = "How do I reset my password?";

        using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        (await _factory.CreateClient().PostAsync("/api/messages", content)).EnsureSuccessStatusCode();

        var said = Assert.Single(await ConversationAsync(conversationId), t => t.Kind == TouchpointKind.CustomerMessage);
        Assert.Null(await VictimAsync(victim));
        Assert.False(string.IsNullOrEmpty(said.CustomerId));
    }
}
