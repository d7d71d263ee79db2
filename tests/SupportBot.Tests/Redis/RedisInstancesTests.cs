using System.Net;
using Microsoft.Extensions.DependencyInjection;
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
    public async Task AnAgentActiveOnOneInstanceIsOnlineOnEveryInstance()
    {
        using var redis = new RedisServer();
        using var store = new TestStore();
        var settings = new Dictionary<string, string> { ["Redis:ConnectionString"] = redis.ConnectionString };
        using var agentsInstance = new AgentHost(store, settings);
        using var otherInstance = new AgentHost(store, settings);
        var otherPresence = otherInstance.Factory.Services.GetRequiredService<AgentPresence>();
        Assert.Empty(await otherPresence.OnlineAsync());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/agent/queue");
        request.Headers.Add(SupportBot.Agents.ApiKeyAuthentication.Header, AgentHost.AgentKey);
        (await agentsInstance.Factory.CreateClient().SendAsync(request)).EnsureSuccessStatusCode();
        var online = await EventuallyAsync(otherPresence.OnlineAsync, agents => agents.Count > 0);
        agentsInstance.Factory.Services.GetRequiredService<AgentPresence>().Left("dewi");
        var afterLeaving = await EventuallyAsync(otherPresence.OnlineAsync, agents => agents.Count == 0);

        Assert.Equal(["dewi"], online);
        Assert.Empty(afterLeaving);
    }

    // Presence is written to Redis without waiting for the reply; read until it shows, bounded.
    private static async Task<IReadOnlyList<string>> EventuallyAsync(Func<Task<IReadOnlyList<string>>> read, Func<IReadOnlyList<string>, bool> done)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            await Task.Delay(50);
        }
        return await read();
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
