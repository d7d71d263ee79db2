using System.Collections.Concurrent;

namespace SupportBot.BotFramework.Connector;

/// Keeps each conversation within Teams' per-bot, per-conversation send limits ("Optimize your bot with rate limiting
/// in Teams": 7 sends a second, 8 in two seconds, 60 in thirty, 1800 an hour) by holding a send until it fits, so an
/// agent's burst, queue updates and proactive messages wait their turn instead of drawing 429s. A 429 pauses only its
/// own conversation, for its Retry-After: the other conversations, and other channels' hosts, keep going.
public sealed class ConversationPacing(TimeProvider time)
{
    // (window, sends allowed in it); the longest short window bounds how many send times a conversation keeps.
    private static readonly (TimeSpan Window, int Sends)[] ShortWindows =
        [(TimeSpan.FromSeconds(1), 7), (TimeSpan.FromSeconds(2), 8), (TimeSpan.FromSeconds(30), 60)];

    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private const int SendsPerHour = 1800;

    /// A 429 without Retry-After pauses its conversation this long (Teams' guidance: back off in seconds).
    public static readonly TimeSpan DefaultPause = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);
    private int _sinceSweep;

    private sealed class Conversation
    {
        public Queue<long> Recent { get; } = new();

        public List<long> ThisHour { get; } = [];

        public long PausedUntil { get; set; }

        public long LastUsed { get; set; }
    }

    /// Waits until the conversation may send once more, and counts the send.
    public async Task WaitTurnAsync(string conversationKey, CancellationToken cancellationToken)
    {
        var conversation = _conversations.GetOrAdd(conversationKey, _ => new Conversation { LastUsed = time.GetTimestamp() });
        SweepNow();
        while (true)
        {
            TimeSpan wait;
            lock (conversation)
            {
                var now = time.GetTimestamp();
                wait = WaitFor(conversation, now);
                if (wait <= TimeSpan.Zero)
                {
                    conversation.Recent.Enqueue(now);
                    conversation.ThisHour.Add(now);
                    conversation.LastUsed = now;
                    return;
                }
            }
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    /// The channel answered 429 for the conversation: it sends nothing more until retryAfter has passed.
    public void Throttled(string conversationKey, TimeSpan? retryAfter)
    {
        var conversation = _conversations.GetOrAdd(conversationKey, _ => new Conversation { LastUsed = time.GetTimestamp() });
        lock (conversation)
        {
            var until = time.GetTimestamp() + (long)((retryAfter ?? DefaultPause).TotalSeconds * time.TimestampFrequency);
            conversation.PausedUntil = Math.Max(conversation.PausedUntil, until);
        }
    }

    /// Conversations tracked now (idle ones are forgotten after an hour).
    public int Tracked => _conversations.Count;

    private TimeSpan WaitFor(Conversation conversation, long now)
    {
        var wait = conversation.PausedUntil > now ? Elapsed(now, conversation.PausedUntil) : TimeSpan.Zero;
        while (conversation.Recent.Count > 0 && Elapsed(conversation.Recent.Peek(), now) >= ShortWindows[^1].Window)
        {
            conversation.Recent.Dequeue();
        }
        conversation.ThisHour.RemoveAll(t => Elapsed(t, now) >= Hour);
        var recent = conversation.Recent.ToArray();
        foreach (var (window, sends) in ShortWindows)
        {
            wait = Max(wait, UntilFree(recent, sends, window, now));
        }
        return Max(wait, UntilFree([.. conversation.ThisHour], SendsPerHour, Hour, now));
    }

    // Sends are oldest first. With the window full, the next send may go once the oldest send that keeps it full
    // has left the window.
    private TimeSpan UntilFree(long[] sends, int allowed, TimeSpan window, long now)
    {
        var inWindow = sends.Where(t => Elapsed(t, now) < window).ToArray();
        return inWindow.Length < allowed ? TimeSpan.Zero : window - Elapsed(inWindow[inWindow.Length - allowed], now);
    }

    private TimeSpan Elapsed(long from, long to) => time.GetElapsedTime(from, to);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    // Forgets conversations idle for an hour, every so many sends, so the map does not grow with every chat ever paced.
    private void SweepNow()
    {
        if (Interlocked.Increment(ref _sinceSweep) < 1024)
        {
            return;
        }
        Interlocked.Exchange(ref _sinceSweep, 0);
        var now = time.GetTimestamp();
        foreach (var (key, conversation) in _conversations)
        {
            lock (conversation)
            {
                if (Elapsed(conversation.LastUsed, now) >= Hour && conversation.PausedUntil <= now)
                {
                    _conversations.TryRemove(key, out _);
                }
            }
        }
    }
}
