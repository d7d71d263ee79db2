using SupportBot.BotFramework.Schema;
using SupportBot.Localization;

namespace SupportBot.Conversations;

/// Tells the customer the bot is working, only once the wait is long enough to notice (as botbuilder's
/// ShowTypingMiddleware does): an answer ready within the delay goes out alone, with no typing indicator flashing
/// before it and one activity fewer for the channel to carry. A slower answer first gets the Thinking activity (a
/// stream where the channel has one); text a model streams before then opens it at once.
internal sealed partial class ThinkingIndicator : IDisposable
{
    private readonly InboundTurn _turn;
    private readonly BotMessages _messages;
    private readonly TimeProvider _time;
    private readonly CancellationToken _cancellationToken;
    private readonly ILogger _logger;
    private readonly ITimer? _timer;
    private readonly Lock _gate = new();
    private Task<string?>? _shown;
    private bool _finished;
    private StreamedReply? _stream;
    private long _openedAt;

    public ThinkingIndicator(InboundTurn turn, BotMessages messages, TimeSpan delay, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        _turn = turn;
        _messages = messages;
        _time = time;
        _logger = logger;
        _cancellationToken = cancellationToken;
        if (delay <= TimeSpan.Zero)
        {
            Show();
        }
        else
        {
            _timer = time.CreateTimer(_ => Show(), null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// Where the channel shows a reply as it is written: the callback the answer pipeline streams a model's text to.
    public Func<string, CancellationToken, Task>? StreamUpdates => ReplyStreams.Supports(_turn.Activity) ? UpdateAsync : null;

    /// Stops the wait; returns the id the channel gave the Thinking activity, when it was sent: the answer closes
    /// its stream.
    public async Task<string?> FinishAsync()
    {
        Task<string?>? shown;
        lock (_gate)
        {
            _finished = true;
            shown = _shown;
        }
        _timer?.Dispose();
        return shown is null ? null : await shown;
    }

    /// What the stream showed, once finished: the answer closes the stream accordingly.
    public ReplyStreamState StreamState => new(
        _stream?.Shown ?? string.Empty,
        _stream?.Closed == true,
        _shown is null ? TimeSpan.Zero : _time.GetElapsedTime(Volatile.Read(ref _openedAt)));

    public void Dispose() => _timer?.Dispose();

    private async Task UpdateAsync(string text, CancellationToken cancellationToken)
    {
        if (await Show() is not { } streamId)
        {
            return;
        }
        _stream ??= new StreamedReply(_turn.Activity, _turn.Sender, streamId, Volatile.Read(ref _openedAt), _time);
        await _stream.UpdateAsync(text, cancellationToken);
    }

    // Sends the Thinking activity once, unless the answer went out first.
    private Task<string?> Show()
    {
        lock (_gate)
        {
            if (_finished && _shown is null)
            {
                return Task.FromResult<string?>(null);
            }
            return _shown ??= SendAsync();
        }
    }

    // A typing indicator that cannot be sent is no reason to fail the turn: the answer still goes.
    private async Task<string?> SendAsync()
    {
        Volatile.Write(ref _openedAt, _time.GetTimestamp());
        try
        {
            return await _turn.Sender.SendAsync(ChannelReplies.Thinking(_turn.Activity, _messages), _cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotShown(_logger, ex, _turn.Activity.Conversation?.Id);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not show that the bot is working in conversation {ConversationId}")]
    private static partial void LogNotShown(ILogger logger, Exception exception, string? conversationId);
}
