using System.Net;
using SupportBot.Agents;
using SupportBot.Tests.Agents;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Redis;

/// Several instances on one store and one Redis: an agent's console on one instance follows customers on another,
/// and an instance is ready only while Redis answers, recovering by itself when Redis comes back.
public sealed class RedisInstancesTests
{
    [Fact]
    public async Task AConsoleOnOneInstanceSeesACustomerQueuedOnAnother()
    {
        using var redis = new RedisServer();
        using var store = new TestStore();
        var settings = new Dictionary<string, string> { ["Redis:ConnectionString"] = redis.ConnectionString };
        using var agentsInstance = new AgentHost(store, settings);
        using var customersInstance = new AgentHost(store, settings);
        await using var console = await ConsoleFeed.ConnectAsync(agentsInstance.Factory, AgentHost.AgentKey);

        var customer = await customersInstance.CustomerAsync();
        await customersInstance.SayAsync(customer, "I want to talk to a person");
        var queued = await console.NextAsync(HandoffNotifier.QueueChanged, customer.ConversationId);
        await customersInstance.SayAsync(customer, "are you there?");
        var message = await console.NextAsync(HandoffNotifier.CustomerMessage, customer.ConversationId);

        Assert.Equal("queued", queued.GetProperty("state").GetString());
        Assert.Equal("are you there?", message.GetProperty("text").GetString());
    }

    [Fact]
    public async Task AnInstanceIsReadyOnlyWhileRedisAnswersAndRecoversByItself()
    {
        using var redis = new RedisServer(start: false);
        using var factory = new SupportBotFactory { UseFakeClock = false };
        factory.Settings["Redis:ConnectionString"] = redis.ConnectionString + ",connectRetry=1,connectTimeout=500";
        var client = factory.CreateClient();

        var down = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);

        redis.Start();
        // The client reconnects on its own schedule; wait for it, bounded.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        HttpStatusCode status;
        do
        {
            await Task.Delay(200, patience.Token);
            status = (await client.GetAsync(new Uri("/readyz", UriKind.Relative), patience.Token)).StatusCode;
        }
        while (status != HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
