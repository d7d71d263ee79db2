using SupportBot.BotFramework.Schema;

namespace SupportBot.Channels.DirectLine;

/// One Direct Line conversation: its activity log (what GET and the stream replay from a watermark) and the
/// WebSocket currently attached to it. The gate serialises appends so ids, the log and the stream agree.
internal sealed class DirectLineConversationState(string id, string userId, IEnumerable<Activity> history, DateTimeOffset now)
{
    private readonly List<Activity> _activities = [.. history];
    private DirectLineStreamSession? _stream;
    private long _lastUsedTicks = now.UtcTicks;

    public DateTimeOffset LastUsed => new(Interlocked.Read(ref _lastUsedTicks), TimeSpan.Zero);

    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);

    /// Idle, no socket attached and nobody appending: safe to drop from memory (the store keeps everything).
    public bool IsIdleSince(DateTimeOffset cutoff) => LastUsed < cutoff && Stream is null && Gate.CurrentCount == 1;

    public string Id { get; } = id;

    public string UserId { get; } = userId;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public int LastSequence => _activities.Count;

    public Activity Add(Activity activity)
    {
        _activities.Add(activity);
        return activity;
    }

    /// Activities after the watermark that clients may see: typing and conversationUpdate never travel this way.
    public (IReadOnlyList<Activity> Activities, string Watermark) After(int watermark)
    {
        var from = Math.Clamp(watermark, 0, _activities.Count);
        return (_activities.Skip(from).ToList(), _activities.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// Attaches a new socket, closing the one it replaces (the service allows one stream per conversation).
    public DirectLineStreamSession? Attach(DirectLineStreamSession session) => Interlocked.Exchange(ref _stream, session);

    public void Detach(DirectLineStreamSession session) => Interlocked.CompareExchange(ref _stream, null, session);

    public DirectLineStreamSession? Stream => Volatile.Read(ref _stream);
}
