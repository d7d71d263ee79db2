using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace SupportBot.Benchmarks.Soak;

/// What the soak's customers and agents did and saw, kept small (ids and counts, no bodies) so that it does not
/// weigh on the memory the soak measures: every customer message the host accepted, every bot message a client
/// received (at the connector sink or on a Direct Line stream), the agents' notes sent and seen, and every HTTP
/// status clients got.
internal sealed class SoakLedger
{
    public const string AgentNoteMarker = "Agent note ";
    public const int NoteTokenLength = 12;

    private readonly ConcurrentDictionary<(string Conversation, string ActivityId), SentMessage> _sent = new();
    private readonly ConcurrentDictionary<(string Conversation, string ReplyToId), int> _replies = new();
    private readonly ConcurrentDictionary<(string Conversation, string ReplyToId, int TextHash), int> _replyTexts = new();
    private readonly ConcurrentDictionary<string, string> _notesSent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _notesSeen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _notesByConversation = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _surveyCards = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Conversation, string ActivityId), int> _streamed = new();
    private readonly ConcurrentDictionary<string, DirectLineVisit> _directLine = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _statuses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _events = new(StringComparer.Ordinal);

    public sealed record SentMessage(string Channel, string Conversation, string ActivityId, string Script, bool Survey);

    /// A Direct Line conversation: once the customer left, how many of the activities it held
    /// then the stream never delivered, or delivered more than once.
    public sealed record DirectLineVisit(bool Left = false, int StreamMissed = 0, int StreamDuplicated = 0);

    public IReadOnlyCollection<SentMessage> Sent => [.. _sent.Values];

    public IReadOnlyDictionary<string, DirectLineVisit> DirectLine => _directLine;

    public void DirectLineStarted(string conversation) => _directLine[conversation] = new DirectLineVisit();

    /// The customer leaves: what the conversation held is checked against what the stream delivered, and the
    /// stream's record is dropped (so that the ledger stays small in long runs).
    public void DirectLineLeft(string conversation, IReadOnlyList<string> held)
    {
        var missed = held.Count(id => !_streamed.ContainsKey((conversation, id)));
        var duplicated = held.Count(id => _streamed.TryGetValue((conversation, id), out var n) && n > 1);
        foreach (var id in held)
        {
            _streamed.TryRemove((conversation, id), out _);
        }
        _directLine.AddOrUpdate(conversation, _ => new DirectLineVisit(true, missed, duplicated),
            (_, visit) => visit with { Left = true, StreamMissed = missed, StreamDuplicated = duplicated });
    }

    public IReadOnlyDictionary<string, int> Statuses => _statuses;

    public IReadOnlyDictionary<string, int> Events => _events;

    public void Status(string what, HttpStatusCode status) => _statuses.AddOrUpdate($"{what} {(int)status}", 1, (_, n) => n + 1);

    public void Count(string what, int by = 1) => _events.AddOrUpdate(what, by, (_, n) => n + by);

    public void Accepted(string channel, string conversation, string activityId, string script, bool survey = false)
        => _sent[(conversation, activityId)] = new SentMessage(channel, conversation, activityId, script, survey);

    public void NoteSent(string conversation, string token) => _notesSent[token] = conversation;

    /// One activity a client received in a conversation: at the connector sink, or on a Direct Line stream (which
    /// also echoes the customer's own messages, and whose activities have ids to check delivery by).
    public void Observe(string conversation, JsonElement activity, bool streamed = false)
    {
        if (streamed && activity.TryGetProperty("id", out var id) && id.GetString() is { } activityId)
        {
            _streamed.AddOrUpdate((conversation, activityId), 1, (_, n) => n + 1);
        }
        if (!activity.TryGetProperty("type", out var type) || type.GetString() != "message" || IsCustomers(activity))
        {
            return;
        }
        var text = activity.TryGetProperty("text", out var t) ? t.GetString() : null;
        if (text is not null && text.IndexOf(AgentNoteMarker, StringComparison.Ordinal) is var at and >= 0
            && at + AgentNoteMarker.Length + NoteTokenLength <= text.Length)
        {
            var token = text.Substring(at + AgentNoteMarker.Length, NoteTokenLength);
            _notesSeen.AddOrUpdate(token, 1, (_, n) => n + 1);
            _notesByConversation.AddOrUpdate(conversation, 1, (_, n) => n + 1);
        }
        if (SurveyHandoff(activity) is { } handoff)
        {
            _surveyCards[conversation] = handoff;
        }
        if (activity.TryGetProperty("replyToId", out var replyTo) && replyTo.GetString() is { Length: > 0 } replyToId)
        {
            _replies.AddOrUpdate((conversation, replyToId), 1, (_, n) => n + 1);
            if (text is { Length: > 0 })
            {
                _replyTexts.AddOrUpdate((conversation, replyToId, string.GetHashCode(text, StringComparison.Ordinal)), 1, (_, n) => n + 1);
            }
        }
    }

    public bool HasReply(string conversation, string activityId) => _replies.ContainsKey((conversation, activityId));

    public bool HasAgentNote(string conversation) => _notesByConversation.ContainsKey(conversation);

    public long? SurveyCard(string conversation) => _surveyCards.TryGetValue(conversation, out var handoff) ? handoff : null;

    public bool Streamed(string conversation, string activityId) => _streamed.ContainsKey((conversation, activityId));

    /// Bot messages that reached a client more than once with the same text in reply to the same message.
    public int DuplicatedReplies => _replyTexts.Values.Count(n => n > 1);

    /// Activities a Direct Line stream delivered more than once, in conversations still open.
    public int DuplicatedStreamedInOpenConversations => _streamed.Values.Count(n => n > 1);

    /// Each agent note's token and the conversation it was sent to.
    public IReadOnlyDictionary<string, string> NotesSentByToken => _notesSent;

    /// How many times a client received the note.
    public int NoteSeen(string token) => _notesSeen.GetValueOrDefault(token);

    /// Direct Line puts the customer's own messages in the conversation too; the user's role tells them apart.
    public static bool IsCustomers(JsonElement activity)
        => activity.TryGetProperty("from", out var from) && from.TryGetProperty("role", out var role) && role.GetString() == "user";

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

    // The handoff a survey card rates: the submit action's data {"supportbot": "survey", "handoff": id}.
    private static long? SurveyHandoff(JsonElement activity)
    {
        if (!activity.TryGetProperty("attachments", out var attachments) || attachments.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        foreach (var attachment in attachments.EnumerateArray())
        {
            if (attachment.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Object
                && content.TryGetProperty("actions", out var actions) && actions.ValueKind == JsonValueKind.Array)
            {
                foreach (var action in actions.EnumerateArray())
                {
                    if (action.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                        && data.TryGetProperty("handoff", out var handoff) && handoff.TryGetInt64(out var handoffId))
                    {
                        return handoffId;
                    }
                }
            }
        }
        return null;
    }
}
