using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Localization;
using SupportBot.Replies;

namespace SupportBot.Tests.Conversations;

/// The customer is told the bot is working only once the wait is long enough to notice; text a model streams
/// opens the stream at once; and the answer never overtakes the Thinking activity it closes.
public sealed class ThinkingIndicatorTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(500);
    private readonly FakeTimeProvider _clock = new();

    private static InboundTurn Turn(IActivitySender sender, string channel = ChannelIds.Directline)
        => new(CustomerMessages.Message("c1", "m1", "How do I reset my password?") with { ChannelId = channel }, sender, DateTimeOffset.UtcNow);

    private ThinkingIndicator Start(InboundTurn turn, TimeSpan delay)
        => new(turn, BotMessages.English, delay, _clock, NullLogger.Instance, CancellationToken.None);

    [Fact]
    public async Task An_answer_ready_within_the_delay_goes_out_without_a_typing_indicator()
    {
        var sender = new RecordingSender();
        using var thinking = Start(Turn(sender), Delay);

        _clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Null(await thinking.FinishAsync());
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Empty(sender.Sent);
    }

    [Fact]
    public async Task A_slower_answer_is_preceded_by_the_thinking_activity_whose_stream_it_closes()
    {
        var sender = new RecordingSender();
        using var thinking = Start(Turn(sender), Delay);

        _clock.Advance(Delay);

        var typing = Assert.Single(sender.Sent);
        Assert.Equal(ActivityTypes.Typing, typing.Type);
        Assert.Equal(BotMessages.English.Thinking, typing.Text);
        Assert.Equal("sent-1", await thinking.FinishAsync());
    }

    [Fact]
    public async Task Streamed_text_opens_the_stream_before_the_delay_and_follows_the_thinking_activity()
    {
        var sender = new RecordingSender();
        using var thinking = Start(Turn(sender), Delay);

        await thinking.StreamUpdates!("Open the app", CancellationToken.None);

        Assert.Equal([BotMessages.English.Thinking, "Open the app"], sender.Sent.Select(a => a.Text));
        Assert.All(sender.Sent, a => Assert.Equal(ActivityTypes.Typing, a.Type));
        Assert.Equal("sent-1", await thinking.FinishAsync());
        _clock.Advance(Delay);
        Assert.Equal(2, sender.Sent.Count);
    }

    [Fact]
    public async Task A_channel_without_streams_gets_no_stream_callback_and_a_plain_typing_indicator()
    {
        var sender = new RecordingSender();
        using var thinking = Start(Turn(sender, ChannelIds.Emulator), TimeSpan.Zero);

        Assert.Null(thinking.StreamUpdates);
        Assert.Null(Assert.Single(sender.Sent).Text);
        Assert.Equal("sent-1", await thinking.FinishAsync());
    }

    [Fact]
    public async Task The_answer_waits_for_a_thinking_activity_still_on_its_way()
    {
        var sender = new GatedSender();
        using var thinking = Start(Turn(sender), Delay);
        _clock.Advance(Delay);

        var finished = thinking.FinishAsync();
        Assert.False(finished.IsCompleted);
        sender.Release.SetResult("typing-id");

        Assert.Equal("typing-id", await finished);
    }

    [Fact]
    public async Task A_thinking_activity_the_channel_refuses_does_not_fail_the_turn()
    {
        var sender = new GatedSender();
        using var thinking = Start(Turn(sender), TimeSpan.Zero);
        sender.Release.SetException(new HttpRequestException("connection refused"));

        Assert.Null(await thinking.FinishAsync());
    }

    private sealed class GatedSender : IActivitySender
    {
        public TaskCompletionSource<string?> Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string?> SendAsync(Activity activity, CancellationToken cancellationToken) => Release.Task;
    }
}
