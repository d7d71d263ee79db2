using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace SupportBot.Benchmarks.Soak;

/// The soak's record of every conversation still open to the audit (ConversationLog), and counts of everything
/// else: HTTP statuses clients got and events (conversations by script, drops, retries). Conversations leave it once
/// the audit has settled them, so that it stays small in long runs and does not weigh on the memory the soak measures.
internal sealed class SoakLedger
{
    public const string AgentNoteMarker = "Agent note ";
    public const int NoteTokenLength = 12;

    private readonly ConcurrentDictionary<string, ConversationLog> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _statuses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _events = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> Statuses => _statuses;

    public IReadOnlyDictionary<string, int> Events => _events;

    /// Conversations not settled yet.
    public IReadOnlyCollection<ConversationLog> Open => [.. _open.Values];

    public void Status(string what, HttpStatusCode status) => _statuses.AddOrUpdate($"{what} {(int)status}", 1, (_, n) => n + 1);

    public void Count(string what, int by = 1) => _events.AddOrUpdate(what, by, (_, n) => n + by);

    public ConversationLog Conversation(string conversation, string channel) => _open.GetOrAdd(conversation, c => new ConversationLog(c, channel));

    public void Settled(ConversationLog log) => _open.TryRemove(log.Conversation, out _);

    /// An activity a client received: at the connector sink ("bf") or on a Direct Line stream ("dl").
    public void Observe(string conversation, string channel, JsonElement activity)
        => Conversation(conversation, channel).Observe(activity, streamed: channel == "dl");

    /// Direct Line puts the customer's own messages in the conversation too; the user's role tells them apart.
    public static bool IsCustomers(JsonElement activity)
        => activity.TryGetProperty("from", out var from) && from.TryGetProperty("role", out var role) && role.GetString() == "user";

    /// The token of an agent note in a message's text, or null.
    public static string? NoteToken(string? text)
    {
        var at = text?.IndexOf(AgentNoteMarker, StringComparison.Ordinal) ?? -1;
        return at >= 0 && at + AgentNoteMarker.Length + NoteTokenLength <= text!.Length ? text.Substring(at + AgentNoteMarker.Length, NoteTokenLength) : null;
    }

    /// Polls until the condition holds or the time is up; false when it never held.
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline || cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            try
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return condition();
            }
        }
        return true;
    }
}
