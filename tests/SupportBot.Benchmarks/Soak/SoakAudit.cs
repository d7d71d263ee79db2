using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using SupportBot.Benchmarks.Load;

namespace SupportBot.Benchmarks.Soak;

/// The end-of-run check, once the turns and the outbox have drained: the store and what the clients received,
/// against what the customers and agents sent.
/// - Every customer message the host accepted (and every one a Direct Line conversation holds) has exactly one
///   touchpoint, which is what puts it in front of an agent.
/// - Every such message outside a handoff got a bot reply: at the connector sink for /api/messages, in the
///   conversation for Direct Line (whose stream must have delivered everything held while the customer was there).
/// - Every agent note reached the customer's channel exactly once; no bot reply arrived twice.
/// - The outbox holds nothing pending or dead.
internal static class SoakAudit
{
    private static readonly HashSet<string> CustomerKinds = ["customer_message", "survey"];
    private static readonly HashSet<string> HandoffCloses = ["resolution", "handoff_cancelled", "ticket"];

    public sealed record Finding(string What, string Conversation, string? ActivityId);

    public sealed record Result(
        IReadOnlyDictionary<string, int> TouchpointKinds,
        int CustomerMessagesChecked,
        int MissingTouchpoints,
        int DuplicatedTouchpoints,
        int MissingReplies,
        int DuplicatedReplies,
        int AgentNotesSent,
        int AgentNotesMissing,
        int AgentNotesDuplicated,
        int StreamMissed,
        int StreamDuplicated,
        int OutboxPending,
        int OutboxDead,
        IReadOnlyList<Finding> Examples)
    {
        public int Lost => MissingTouchpoints + MissingReplies + AgentNotesMissing + StreamMissed + OutboxPending + OutboxDead;

        public int Duplicated => DuplicatedTouchpoints + DuplicatedReplies + AgentNotesDuplicated + StreamDuplicated;
    }

    private sealed record TouchpointRow(long Id, string ConversationId, string Kind, string? ActivityId);

    public static async Task<Result> RunAsync(InProcessSupportBot host, HttpClient http, SoakLedger ledger)
    {
        var findings = new List<Finding>();
        await using var connection = new SqliteConnection($"Data Source={host.DatabasePath};Mode=ReadOnly");
        var touchpoints = (await connection.QueryAsync<TouchpointRow>(
            "SELECT id AS Id, conversation_id AS ConversationId, kind AS Kind, activity_id AS ActivityId FROM touchpoints ORDER BY id")).ToList();
        var outbox = (await connection.QueryAsync<(string State, long Count)>("SELECT state, COUNT(*) FROM connector_outbox GROUP BY state"))
            .ToDictionary(r => r.State, r => (int)r.Count);

        // Each customer touchpoint, and whether a handoff was open when it was written (then the agent, not the bot, answers).
        var logged = new Dictionary<(string Conversation, string ActivityId), (int Count, bool DuringHandoff)>();
        foreach (var conversation in touchpoints.GroupBy(t => t.ConversationId))
        {
            var open = false;
            foreach (var row in conversation)
            {
                if (row.Kind == "queued")
                {
                    open = true;
                }
                else if (HandoffCloses.Contains(row.Kind))
                {
                    open = false;
                }
                else if (CustomerKinds.Contains(row.Kind) && row.ActivityId is { } id)
                {
                    logged[(row.ConversationId, id)] = logged.TryGetValue((row.ConversationId, id), out var seen) ? (seen.Count + 1, seen.DuringHandoff) : (1, open);
                }
            }
        }

        // Direct Line: the conversations themselves, read with the secret (as the bot's owner can).
        var held = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
        foreach (var conversation in ledger.DirectLine.Keys)
        {
            held[conversation] = await DirectLineDriver.Session.ReadAllAsync(http, host.BaseUrl, conversation, InProcessSupportBot.DirectLineSecret);
        }
        var heldReplies = new HashSet<(string, string)>();
        var heldReplyTexts = new Dictionary<(string, string, string), int>();
        var notesHeld = new Dictionary<string, int>(StringComparer.Ordinal);
        var toCheck = new List<(string Channel, string Conversation, string ActivityId)>();
        foreach (var (conversation, activities) in held)
        {
            foreach (var activity in activities.Where(a => a.GetProperty("type").GetString() == "message"))
            {
                var id = activity.GetProperty("id").GetString()!;
                var text = activity.TryGetProperty("text", out var t) ? t.GetString() : null;
                if (SoakLedger.IsCustomers(activity))
                {
                    toCheck.Add(("dl", conversation, id));
                    continue;
                }
                if (text is not null && text.Contains(SoakLedger.AgentNoteMarker, StringComparison.Ordinal))
                {
                    var token = text.Substring(text.IndexOf(SoakLedger.AgentNoteMarker, StringComparison.Ordinal) + SoakLedger.AgentNoteMarker.Length, SoakLedger.NoteTokenLength);
                    notesHeld[token] = notesHeld.GetValueOrDefault(token) + 1;
                }
                if (activity.TryGetProperty("replyToId", out var r) && r.GetString() is { Length: > 0 } replyTo)
                {
                    heldReplies.Add((conversation, replyTo));
                    if (text is { Length: > 0 })
                    {
                        heldReplyTexts[(conversation, replyTo, text)] = heldReplyTexts.GetValueOrDefault((conversation, replyTo, text)) + 1;
                    }
                }
            }
        }
        var heldIds = toCheck.Select(m => (m.Conversation, m.ActivityId)).ToHashSet();
        foreach (var sent in ledger.Sent.Where(s => s.Channel == "dl" && !heldIds.Contains((s.Conversation, s.ActivityId))))
        {
            findings.Add(new Finding("accepted by Direct Line but not in the conversation", sent.Conversation, sent.ActivityId));
        }
        var missingTouchpoints = findings.Count;
        toCheck.AddRange(ledger.Sent.Where(s => s.Channel == "bf").Select(s => (s.Channel, s.Conversation, s.ActivityId)));

        int duplicatedTouchpoints = 0, missingReplies = 0;
        foreach (var (channel, conversation, id) in toCheck)
        {
            if (!logged.TryGetValue((conversation, id), out var entry))
            {
                missingTouchpoints++;
                findings.Add(new Finding($"{channel} customer message without a touchpoint", conversation, id));
                continue;
            }
            if (entry.Count > 1)
            {
                duplicatedTouchpoints++;
                findings.Add(new Finding($"{channel} customer message with {entry.Count} touchpoints", conversation, id));
            }
            var replied = channel == "dl" ? heldReplies.Contains((conversation, id)) : ledger.HasReply(conversation, id);
            if (!entry.DuringHandoff && !replied)
            {
                missingReplies++;
                findings.Add(new Finding($"{channel} customer message without a bot reply", conversation, id));
            }
        }

        var notesMissing = 0;
        var notesDuplicated = 0;
        foreach (var (token, conversation) in ledger.NotesSentByToken)
        {
            var seen = held.ContainsKey(conversation) ? notesHeld.GetValueOrDefault(token) : ledger.NoteSeen(token);
            if (seen == 0)
            {
                notesMissing++;
                findings.Add(new Finding("agent note never reached the customer's channel", conversation, token));
            }
            else if (seen > 1)
            {
                notesDuplicated++;
                findings.Add(new Finding($"agent note reached the customer's channel {seen} times", conversation, token));
            }
        }
        var duplicatedReplies = ledger.DuplicatedReplies + heldReplyTexts.Values.Count(n => n > 1);
        var streamMissed = ledger.DirectLine.Values.Sum(v => v.StreamMissed);
        var streamDuplicated = ledger.DirectLine.Values.Sum(v => v.StreamDuplicated) + ledger.DuplicatedStreamedInOpenConversations;
        foreach (var (conversation, visit) in ledger.DirectLine.Where(v => v.Value.StreamMissed > 0))
        {
            findings.Add(new Finding($"the stream never delivered {visit.StreamMissed} activities the conversation held", conversation, null));
        }
        if (duplicatedReplies > 0)
        {
            findings.Add(new Finding($"{duplicatedReplies} bot replies reached a client twice", "-", null));
        }
        var pending = outbox.GetValueOrDefault("pending");
        var dead = outbox.GetValueOrDefault("dead");
        if (pending + dead > 0)
        {
            findings.Add(new Finding($"outbox holds {pending} pending and {dead} dead replies", "-", null));
        }
        return new Result(
            touchpoints.GroupBy(t => t.Kind).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            toCheck.Count, missingTouchpoints, duplicatedTouchpoints, missingReplies, duplicatedReplies,
            ledger.NotesSentByToken.Count, notesMissing, notesDuplicated, streamMissed, streamDuplicated, pending, dead,
            [.. findings.Take(20)]);
    }
}
