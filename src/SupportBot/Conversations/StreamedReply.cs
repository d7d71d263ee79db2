using SupportBot.BotFramework.Schema;

namespace SupportBot.Conversations;

/// One reply being written into a channel stream: each update carries the whole text so far (the channels
/// replace, not append), sequenced, and no more often than the channel allows. An update arriving too soon is
/// skipped rather than delayed: the next one, or the final message, carries its text anyway.
internal sealed class StreamedReply(Activity inbound, IActivitySender sender, string streamId, TimeProvider time)
{
    private readonly TimeSpan _interval = ReplyStreams.Interval(inbound);
    private int _sequence = 1; // the informative "thinking" activity that opened the stream was 1
    private long? _lastSent;
    private string _shown = string.Empty;

    public string StreamId => streamId;

    /// Whether any of the answer's text reached the customer before the final message.
    public bool HasShownText => _shown.Length > 0;

    public async Task UpdateAsync(string text, CancellationToken cancellationToken)
    {
        // Cumulative text must extend what was shown: Teams rejects a chunk that is not a continuation.
        if (text.Length <= _shown.Length || !text.StartsWith(_shown, StringComparison.Ordinal))
        {
            return;
        }
        var now = time.GetTimestamp();
        if (_lastSent is { } last && time.GetElapsedTime(last, now) < _interval)
        {
            return;
        }
        _lastSent = now;
        _sequence++;
        _shown = text;
        await sender.SendAsync(ReplyStreams.Streaming(inbound.CreateTypingReply(), text, streamId, _sequence), cancellationToken);
    }
}
