using Microsoft.Extensions.Time.Testing;
using SupportBot.BotFramework.Connector;

namespace SupportBot.Tests.BotFramework.Connector;

/// Teams' per-conversation send limits (7 a second, 8 in two seconds, 60 in thirty, 1800 an hour) and its 429s,
/// kept per conversation on a fake clock: a send that does not fit waits, and only its own conversation waits.
public sealed class ConversationPacingTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task A_burst_goes_seven_a_second_and_eight_in_two_seconds()
    {
        var pacing = new ConversationPacing(_clock);
        for (var i = 0; i < 7; i++)
        {
            await pacing.WaitTurnAsync("teams/a:1", CancellationToken.None);
        }

        var eighth = pacing.WaitTurnAsync("teams/a:1", CancellationToken.None);
        Assert.False(eighth.IsCompleted);
        await pacing.WaitTurnAsync("teams/a:2", CancellationToken.None); // another conversation is not held

        _clock.Advance(TimeSpan.FromSeconds(1));
        await eighth;
        var ninth = pacing.WaitTurnAsync("teams/a:1", CancellationToken.None);
        Assert.False(ninth.IsCompleted); // eight in the last two seconds
        _clock.Advance(TimeSpan.FromSeconds(1));
        await ninth;
    }

    [Fact]
    public async Task Sixty_sends_fill_thirty_seconds()
    {
        var pacing = new ConversationPacing(_clock);
        for (var i = 0; i < 60; i++)
        {
            await pacing.WaitTurnAsync("teams/a:1", CancellationToken.None);
            _clock.Advance(TimeSpan.FromMilliseconds(400));
        }

        var next = pacing.WaitTurnAsync("teams/a:1", CancellationToken.None);
        Assert.False(next.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(6)); // the first send leaves the thirty-second window
        await next;
    }

    [Fact]
    public async Task A_429_pauses_its_conversation_for_the_retry_after_and_no_other()
    {
        var pacing = new ConversationPacing(_clock);

        pacing.Throttled("teams/a:1", TimeSpan.FromSeconds(5));

        var held = pacing.WaitTurnAsync("teams/a:1", CancellationToken.None);
        await pacing.WaitTurnAsync("teams/a:2", CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(held.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await held;
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/teams/v3/conversations/a%3A1%7Cx/activities/f%3A3", "smba.trafficmanager.net/a:1|x")]
    [InlineData("https://smba.trafficmanager.net/emea/v3/conversations/a%3A1/activities", "smba.trafficmanager.net/a:1")]
    [InlineData("https://smba.trafficmanager.net/teams/v3/conversations", null)]
    [InlineData("https://smba.trafficmanager.net/teams/v3/conversations/a%3A1/pagedmembers", null)]
    public void Activities_calls_are_paced_by_host_and_conversation(string url, string? key)
        => Assert.Equal(key, ConversationPacingHandler.KeyOf(new Uri(url)));
}
