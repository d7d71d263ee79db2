using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Connector;
using SupportBot.BotFramework.Schema;
using SupportBot.Channels.BotFramework;
using SupportBot.Conversations;
using SupportBot.Tests.BotFramework;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Channels.BotFramework;

/// /api/messages without an app id, where anyone who reaches it can post as anyone: closed in Production unless
/// Bot:AllowUnauthenticatedMessages opens it, and while open the bot calls loopback serviceUrls only, so a poster
/// cannot make it send (with retries, from the outbox too) to internal hosts. Web Chat needs none of this.
public sealed class UnauthenticatedBotMessagesTests
{
    private const string LoopbackServiceUrl = "http://127.0.0.1:9/";

    private static SupportBotFactory Production(bool open = false, RecordingHandler? network = null)
    {
        var factory = network is null ? new SupportBotFactory() : new SupportBotFactory { TestServices = Network(network) };
        factory.Settings["environment"] = Environments.Production;
        if (open)
        {
            factory.Settings["Bot:AllowUnauthenticatedMessages"] = "true";
        }
        return factory;
    }

    private static Action<IServiceCollection> Network(RecordingHandler network)
        => services => services.AddHttpClient<ConnectorClient>().ConfigurePrimaryHttpMessageHandler(() => network);

    private static string Question(string serviceUrl, bool expectReplies = false)
    {
        var activity = JsonNode.Parse(Fixture.Read("teams-personal-message"))!.AsObject();
        activity["serviceUrl"] = serviceUrl;
        activity["id"] = Guid.NewGuid().ToString("N");
        activity["conversation"]!["id"] = $"a:{Guid.NewGuid():N}";
        activity["text"] = "How do I reset my password?";
        if (expectReplies)
        {
            activity["deliveryMode"] = DeliveryModes.ExpectReplies;
        }
        return activity.ToJsonString();
    }

    private static async Task<HttpResponseMessage> PostAsync(SupportBotFactory factory, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await factory.CreateClient().PostAsync(new Uri(BotMessagesEndpoint.Route, UriKind.Relative), content);
        await factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        return response;
    }

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task In_production_without_an_app_id_it_is_a_401_that_says_how_to_configure_it()
    {
        using var factory = Production();
        var detail = await ProblemDetailAsync(await PostAsync(factory, Question(LoopbackServiceUrl, expectReplies: true)), HttpStatusCode.Unauthorized);

        Assert.Contains("Bot:MicrosoftAppId", detail, StringComparison.Ordinal);
        Assert.Contains("Bot:AllowUnauthenticatedMessages", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_production_the_explicit_setting_opens_it_for_a_channel_on_loopback()
    {
        using var factory = Production(open: true);
        var response = await PostAsync(factory, Question(LoopbackServiceUrl, expectReplies: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = Assert.Single(BotJson.Deserialize<ExpectedReplies>(await response.Content.ReadAsStringAsync()).Activities);
        Assert.Contains("reset", answer.Attachments![0].Content!.Value.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task In_production_web_chat_needs_no_app_id()
    {
        using var factory = Production();
        var client = new DirectLineClient(factory.CreateClient());
        Assert.Equal(HttpStatusCode.Created, (await client.StartAsync()).StatusCode);

        var posted = await client.PostAsync(new { type = "message", text = "How do I reset my password?", from = new { id = "customer" } });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var id = BotJson.Deserialize<ResourceResponse>(await posted.Content.ReadAsStringAsync()).Id;
        await client.WaitForAsync(a => a.ReplyToId == id);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("http://10.0.0.5/")]
    [InlineData("http://169.254.169.254/metadata/")]
    public async Task While_open_a_serviceUrl_off_loopback_is_refused_at_the_door_and_never_called(string serviceUrl)
    {
        var network = new RecordingHandler();
        using var factory = Production(open: true, network);
        var detail = await ProblemDetailAsync(await PostAsync(factory, Question(serviceUrl)), HttpStatusCode.Forbidden);

        Assert.Contains("loopback", detail, StringComparison.Ordinal);
        Assert.Empty(network.Requests);
    }

    [Fact]
    public async Task While_open_the_outbox_never_sends_off_loopback()
    {
        // An entry a channel could not take, naming an internal host (left by a run before this rule, or forged).
        var network = new RecordingHandler();
        using var factory = Production(open: true, network);
        var outbox = factory.Services.GetRequiredService<ConnectorOutbox>();
        var reply = new Activity
        {
            Type = ActivityTypes.Message,
            ServiceUrl = "http://10.0.0.5/",
            ChannelId = "msteams",
            Conversation = new ConversationAccount { Id = $"a:{Guid.NewGuid():N}" },
            Text = "an answer",
        };
        await outbox.AddAsync(reply, "channel down", CancellationToken.None);

        var drain = factory.Services.GetServices<IHostedService>().OfType<ConnectorOutboxDrain>().Single();
        Assert.Equal(0, await drain.DrainOnceAsync(CancellationToken.None));

        Assert.Empty(network.Requests);
        var entry = Assert.Single(await outbox.ListAsync(ConnectorOutbox.KeyOf(reply), CancellationToken.None));
        Assert.Contains("loopback", entry.LastError, StringComparison.Ordinal);
    }
}
