using System.Globalization;
using System.Net;
using System.Text.Json;
using SupportBot.Tests.Agents;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Redis;

/// Two instances on one Redis count every limit together: what one instance allows, both together allow, and
/// a client refused by one is refused by the other until the window passes.
public sealed class SharedLimitsTests : IDisposable
{
    // Ten seconds into a minute ahead (a fake clock only moves forward), on both hosts' clocks: the windows are
    // aligned to the clock. Taken when the test starts, not when the class loads: on a slow run the hosts' clocks,
    // which start at the real time, had already passed a start taken minutes before.
    private readonly DateTimeOffset _start = new DateTimeOffset(DateTime.UtcNow.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1).AddSeconds(10);

    private readonly RedisServer _redis = new();
    private readonly TestStore _store = new();
    private readonly List<IDisposable> _hosts = [];
    private bool _redisStopped;

    private SupportBotFactory Host(params (string Key, string Value)[] settings)
    {
        var factory = new SupportBotFactory { Store = _store };
        factory.Settings["Redis:ConnectionString"] = _redis.ConnectionString;
        foreach (var (key, value) in settings)
        {
            factory.Settings[key] = value;
        }
        factory.Clock.SetUtcNow(_start);
        _hosts.Add(factory);
        return factory;
    }

    private static async Task<int> AssertTooManyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
        return int.Parse(Assert.Single(response.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_token_limit_holds_across_instances_and_its_window_resets_on_both()
    {
        var first = Host(("Limits:TokensPerClientPerMinute", "3"));
        var second = Host(("Limits:TokensPerClientPerMinute", "3"));
        var onFirst = first.CreateClient();
        var onSecond = second.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await onFirst.PostAsync("/api/directline/token", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onFirst.PostAsync("/api/directline/token", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.PostAsync("/api/directline/token", null)).StatusCode);
        // The fourth, on either instance, is over the limit; Retry-After is the rest of the window (50 s).
        Assert.Equal(50, await AssertTooManyAsync(await onSecond.PostAsync("/api/directline/token", null)));
        Assert.Equal(50, await AssertTooManyAsync(await onFirst.PostAsync("/api/directline/token", null)));

        foreach (var host in new[] { first, second })
        {
            host.Clock.Advance(TimeSpan.FromSeconds(50));
        }
        Assert.Equal(HttpStatusCode.OK, (await onSecond.PostAsync("/api/directline/token", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onFirst.PostAsync("/api/directline/token", null)).StatusCode);
    }

    [Fact]
    public async Task A_conversation_posting_through_two_instances_gets_one_allowance()
    {
        var first = Host(("Limits:ActivitiesPerConversationPerMinute", "2"));
        var second = Host(("Limits:ActivitiesPerConversationPerMinute", "2"));
        var customer = new Channels.DirectLineClient(first.CreateClient());
        await customer.StartAsync();
        var sameCustomer = new Channels.DirectLineClient(second.CreateClient());
        sameCustomer.Adopt(customer);

        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsync(new { type = "typing", from = new { id = "u" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sameCustomer.PostAsync(new { type = "typing", from = new { id = "u" } })).StatusCode);
        await AssertTooManyAsync(await sameCustomer.PostAsync(new { type = "typing", from = new { id = "u" } }));
        await AssertTooManyAsync(await customer.PostAsync(new { type = "typing", from = new { id = "u" } }));
    }

    [Fact]
    public async Task A_revoked_tokens_posts_are_refused_on_the_other_instance_and_spend_none_of_the_allowance()
    {
        var first = Host(("Limits:ActivitiesPerConversationPerMinute", "2"));
        var second = Host(("Limits:ActivitiesPerConversationPerMinute", "2"));
        var customer = new Channels.DirectLineClient(first.CreateClient());
        await customer.StartAsync();
        var refreshed = await customer.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh");
        var newToken = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
        var sameCustomer = new Channels.DirectLineClient(second.CreateClient());
        sameCustomer.Adopt(customer);
        Assert.Equal(HttpStatusCode.OK, (await customer.SendAsync(HttpMethod.Post, "/v3/directline/tokens/revoke")).StatusCode);

        // The revocation mark is read by the script that counts the post: refused, counted for nothing.
        var typing = JsonContent(new { type = "typing", from = new { id = "u" } });
        foreach (var _ in Enumerable.Range(0, 3))
        {
            var refused = await sameCustomer.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{customer.ConversationId}/activities", typing());
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("TokenRevoked", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
        }
        var path = $"/v3/directline/conversations/{customer.ConversationId}/activities";
        Assert.Equal(HttpStatusCode.OK, (await sameCustomer.SendAsync(HttpMethod.Post, path, typing(), newToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await customer.SendAsync(HttpMethod.Post, path, typing(), newToken)).StatusCode);
        await AssertTooManyAsync(await sameCustomer.SendAsync(HttpMethod.Post, path, typing(), newToken));
    }

    private static Func<HttpContent> JsonContent(object body) => () => System.Net.Http.Json.JsonContent.Create(body);

    [Fact]
    public async Task Failed_sign_ins_on_one_instance_lock_the_account_on_the_other()
    {
        var settings = new Dictionary<string, string>
        {
            ["Redis:ConnectionString"] = _redis.ConnectionString,
            ["Limits:FailedSignInsPerAccount"] = "2",
        };
        using var store = new TestStore();
        using var first = new AgentHost(store, settings);
        using var second = new AgentHost(store, settings);

        Assert.Equal(HttpStatusCode.Unauthorized, (await new ConsoleClient(first.Factory).SignInAsync(AgentHost.AdminId, "guess one")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await new ConsoleClient(second.Factory).SignInAsync(AgentHost.AdminId, "guess two")).StatusCode);
        await AssertTooManyAsync(await new ConsoleClient(first.Factory).SignInAsync(AgentHost.AdminId, AgentHost.AdminPassword));
        await AssertTooManyAsync(await new ConsoleClient(second.Factory).SignInAsync(AgentHost.AdminId, AgentHost.AdminPassword));
    }

    [Fact]
    public async Task While_Redis_is_down_each_instance_counts_for_itself_and_says_so()
    {
        var logs = new CapturedLogs();
        var first = logs.Attach(Host(("Limits:TokensPerClientPerMinute", "2"))).CreateClient();
        var second = Host(("Limits:TokensPerClientPerMinute", "2")).CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync("/api/directline/token", null)).StatusCode);

        _redis.Dispose();
        _redisStopped = true;

        // Fail open with a bound: customers still get tokens, each instance up to the limit on its own count.
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync("/api/directline/token", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync("/api/directline/token", null)).StatusCode);
        await AssertTooManyAsync(await first.PostAsync("/api/directline/token", null));
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsync("/api/directline/token", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsync("/api/directline/token", null)).StatusCode);
        await AssertTooManyAsync(await second.PostAsync("/api/directline/token", null));
        Assert.True(logs.Contains("rate limits count on this instance alone"));
    }

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }
        _store.Dispose();
        if (!_redisStopped)
        {
            _redis.Dispose();
        }
    }
}
