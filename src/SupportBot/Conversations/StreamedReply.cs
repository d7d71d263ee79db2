using SupportBot.BotFramework.Schema;
using SupportBot.Replies;

namespace SupportBot.Conversations;

/// One reply being written into a channel stream: each update carries the whole text so far (the channels
/// replace, not append), sequenced, and no more often than the channel allows. An update arriving too soon is
/// skipped rather than delayed: the next one, or the final message, carries its text anyway. Once the channel
/// closes the stream (the customer pressed Stop) or it nears the channel's time limit, nothing more is sent into it.
internal sealed class StreamedReply(Activity inbound, IActivitySender sender, string streamId, long openedAt, TimeProvider time)
{
    private readonly TimeSpan _interval = ReplyStreams.Interval(inbound);
    private readonly TimeSpan _lifetime = ReplyStreams.Lifetime(inbound);
    private int _sequence = 1; // the informative "thinking" activity that opened the stream was 1
    private long? _lastSent;

    public string StreamId => streamId;

    /// The text the customer has seen in the stream: a final message closing it must begin with it.
    public string Shown { get; private set; } = string.Empty;

    /// The channel refused the stream (Stop pressed, time limit, already closed).
    public bool Closed { get; private set; }

    public async Task UpdateAsync(string text, CancellationToken cancellationToken)
    {
        // Cumulative text must extend what was shown: Teams rejects a chunk that is not a continuation.
        if (Closed || text.Length <= Shown.Length || !text.StartsWith(Shown, StringComparison.Ordinal))
        {
            return;
        }
        var now = time.GetTimestamp();
        if ((_lastSent is { } last && time.GetElapsedTime(last, now) < _interval) || time.GetElapsedTime(openedAt, now) >= _lifetime)
        {
            return;
        }
        _lastSent = now;
        _sequence++;
        try
        {
            await sender.SendAsync(ReplyStreams.Streaming(inbound.CreateTypingReply(), text, streamId, _sequence), cancellationToken);
            Shown = text;
        }
        catch (ReplyStreamClosedException)
        {
            Closed = true;
        }
    }
}
