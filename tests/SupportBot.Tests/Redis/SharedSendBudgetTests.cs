using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework.Connector;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Redis;

/// Two instances on one Redis share the bot's global connector budget (Teams counts the bot, not the instance):
/// what one spends in a second the other cannot, and the next second brings it back to both.
public sealed class SharedSendBudgetTests : IDisposable
{
    // Half a second into a second two minutes ahead, on both hosts' clocks (the windows are aligned to the clock; a
    // fake clock only moves forward, and starting Redis and the hosts takes a while on a busy machine).
    private readonly DateTimeOffset _start = new DateTimeOffset(DateTime.UtcNow.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(2).AddMilliseconds(500);
    private readonly RedisServer _redis = new();
    private readonly TestStore _store = new();
    private readonly List<SupportBotFactory> _hosts = [];

    private ISharedSendBudget Budget(string? redis)
    {
        var factory = new SupportBotFactory { Store = _store };
        if (redis is not null)
        {
            factory.Settings["Redis:ConnectionString"] = redis;
        }
        factory.Clock.SetUtcNow(_start);
        _hosts.Add(factory);
        return factory.Services.GetRequiredService<ISharedSendBudget>();
    }

    [Fact]
    public async Task The_instances_spend_one_budget_a_second_between_them()
    {
        var first = Budget(_redis.ConnectionString);
        var second = Budget(_redis.ConnectionString);

        Assert.Equal(TimeSpan.Zero, await first.TryTakeAsync(3, CancellationToken.None));
        Assert.Equal(TimeSpan.Zero, await first.TryTakeAsync(3, CancellationToken.None));
        Assert.Equal(TimeSpan.Zero, await second.TryTakeAsync(3, CancellationToken.None));
        // The fourth, on either instance, waits for the next second.
        Assert.Equal(TimeSpan.FromMilliseconds(500), await second.TryTakeAsync(3, CancellationToken.None));
        Assert.Equal(TimeSpan.FromMilliseconds(500), await first.TryTakeAsync(3, CancellationToken.None));

        foreach (var host in _hosts)
        {
            host.Clock.Advance(TimeSpan.FromMilliseconds(500));
        }
        Assert.Equal(TimeSpan.Zero, await second.TryTakeAsync(3, CancellationToken.None));
    }

    [Fact]
    public async Task Without_Redis_the_instances_own_bucket_is_the_whole_budget()
    {
        var alone = Budget(redis: null);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(TimeSpan.Zero, await alone.TryTakeAsync(3, CancellationToken.None));
        }
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
