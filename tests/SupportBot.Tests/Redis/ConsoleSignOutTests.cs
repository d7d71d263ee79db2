using System.Net;
using StackExchange.Redis;
using SupportBot.Tests.Agents;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Redis;

/// A console cookie copied before its session signed out is refused afterwards, on the instance that signed it out
/// and on the other: with Redis (the revocation lives there) and without it (in the store both share).
public sealed class ConsoleSignOutTests : IDisposable
{
    private readonly RedisServer _redis = new();
    private readonly TestStore _store = new();
    private readonly List<AgentHost> _hosts = [];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_signed_out_console_cookie_cannot_be_replayed_on_any_instance(bool withRedis)
    {
        var settings = new Dictionary<string, string>();
        if (withRedis)
        {
            settings["Redis:ConnectionString"] = _redis.ConnectionString;
        }
        var first = new AgentHost(_store, settings);
        var second = new AgentHost(_store, settings);
        _hosts.AddRange([first, second]);
        var console = await new ConsoleClient(first.Factory).SignedInAsync(AgentHost.AdminId, AgentHost.AdminPassword);
        var cookie = Assert.Single(await CookieAsync(console));
        using var replayOnFirst = Replay(first, cookie);
        using var replayOnSecond = Replay(second, cookie);
        Assert.Equal(HttpStatusCode.OK, (await replayOnSecond.GetAsync("/api/agent/queue")).StatusCode);
        if (withRedis)
        {
            // The cookie's keys are the deployment's, in Redis, not each instance's own.
            using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
            Assert.True(await redis.GetDatabase().ListLengthAsync("supportbot:dataprotection-keys") > 0);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await console.PostAsync("/agent/signout")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await replayOnSecond.GetAsync("/api/agent/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replayOnFirst.GetAsync("/api/agent/queue")).StatusCode);
        // Signing in again is a new session, not refused.
        var again = await new ConsoleClient(second.Factory).SignedInAsync(AgentHost.AdminId, AgentHost.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/agent/queue")).StatusCode);
    }

    // The console cookie the browser holds, as an attacker who copied it would send it.
    private static async Task<string[]> CookieAsync(ConsoleClient console)
    {
        var session = await console.GetAsync("/agent/session");
        var cookie = session.RequestMessage!.Headers.TryGetValues("Cookie", out var values) ? string.Join("; ", values) : string.Empty;
        return [.. cookie.Split("; ").Where(c => c.StartsWith(SupportBot.Agents.AgentAuthentication.CookieName + "=", StringComparison.Ordinal))];
    }

    private static HttpClient Replay(AgentHost host, string cookie)
    {
        var client = host.Factory.CreateDefaultClient();
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }
        _store.Dispose();
        _redis.Dispose();
    }
}
