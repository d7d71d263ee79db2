using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Benchmarks.Load;

namespace SupportBot.Benchmarks.Soak;

/// Checks conversations against the store and what the clients received:
/// - every customer message the host accepted (and every one a Direct Line conversation holds) has exactly one
///   touchpoint, which is what puts it in front of an agent;
/// - every such message outside a handoff got a bot reply: at the connector sink for /api/messages, in the
///   conversation for Direct Line (whose stream must have delivered everything it held while the customer was there);
/// - every agent note reached the customer's channel once, and no bot reply arrived twice;
/// - nothing of the conversation waits in the outbox.
/// During the run, conversations whose customer left a while ago and that pass are settled (counted and dropped);
/// the rest are checked once more after the drain, and only then do their problems count.
internal sealed class SoakAudit(Deployment host, HttpClient http)
{
    private static readonly HashSet<string> CustomerKinds = ["customer_message", "survey"];
    private static readonly HashSet<string> HandoffCloses = ["resolution", "handoff_cancelled", "ticket"];

    private readonly Lock _gate = new();
    private readonly List<Finding> _examples = [];
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public sealed record Finding(string What, string Conversation, string? ActivityId);

    public sealed record Result(
        IReadOnlyDictionary<string, int> TouchpointKinds,
        int ConversationsChecked,
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

    private sealed record TouchpointRow(string Kind, string? ActivityId);

    /// Settles the conversations whose customer left before the cutoff and that pass; returns how many.
    public async Task<int> SettleAsync(SoakLedger ledger, DateTime leftBefore)
    {
        var settled = 0;
        foreach (var log in ledger.Open.Where(l => l.LeftAt < leftBefore))
        {
            var (counts, findings) = await CheckAsync(log);
            if (findings.Count == 0)
            {
                Add(counts, findings);
                ledger.Settled(log);
                settled++;
            }
        }
        return settled;
    }

    /// After the drain: every conversation still open, whatever its state, and the store as a whole.
    public async Task<Result> FinishAsync(SoakLedger ledger)
    {
        foreach (var log in ledger.Open)
        {
            var (counts, findings) = await CheckAsync(log);
            Add(counts, findings);
            ledger.Settled(log);
        }
        await using var connection = await OpenAsync();
        var kinds = (await connection.QueryAsync<(string Kind, long Count)>("SELECT kind, COUNT(*) FROM touchpoints GROUP BY kind"))
            .ToDictionary(r => r.Kind, r => (int)r.Count, StringComparer.Ordinal);
        var outbox = (await connection.QueryAsync<(string State, long Count)>("SELECT state, COUNT(*) FROM connector_outbox GROUP BY state"))
            .ToDictionary(r => r.State, r => (int)r.Count, StringComparer.Ordinal);
        lock (_gate)
        {
            int C(string name) => _counts.GetValueOrDefault(name);
            return new Result(kinds, C("conversations"), C("messages"), C("missing touchpoints"), C("duplicated touchpoints"), C("missing replies"),
                C("duplicated replies"), C("notes"), C("missing notes"), C("duplicated notes"), C("stream missed"), C("stream duplicated"),
                outbox.GetValueOrDefault("pending"), outbox.GetValueOrDefault("dead"), [.. _examples]);
        }
    }

    private void Add(Dictionary<string, int> counts, List<Finding> findings)
    {
        lock (_gate)
        {
            foreach (var (name, count) in counts)
            {
                _counts[name] = _counts.GetValueOrDefault(name) + count;
            }
            _examples.AddRange(findings.Take(Math.Max(0, 20 - _examples.Count)));
        }
    }

    // The store every instance shares, as the host's own Database hands it out (SQLite or PostgreSQL).
    private Task<DbConnection> OpenAsync() => host.First.Services.GetRequiredService<SupportBot.Storage.Database>().OpenAsync();

    private async Task<(Dictionary<string, int> Counts, List<Finding> Findings)> CheckAsync(ConversationLog log)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { ["conversations"] = 1 };
        var findings = new List<Finding>();
        void Problem(string counter, string what, string? activityId)
        {
            counts[counter] = counts.GetValueOrDefault(counter) + 1;
            findings.Add(new Finding($"{log.Channel}: {what}", log.Conversation, activityId));
        }

        await using var connection = await OpenAsync();
        var rows = await connection.QueryAsync<TouchpointRow>(
            "SELECT kind AS Kind, activity_id AS ActivityId FROM touchpoints WHERE conversation_id = @conversation ORDER BY id", new { conversation = log.Conversation });
        // Each customer touchpoint, and whether a handoff was open when it was written (then people, not the bot, answer).
        var logged = new Dictionary<string, (int Count, bool DuringHandoff)>(StringComparer.Ordinal);
        var open = false;
        foreach (var row in rows)
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
                logged[id] = logged.TryGetValue(id, out var seen) ? (seen.Count + 1, seen.DuringHandoff) : (1, open);
            }
        }

        var sent = log.Sent;
        var notes = log.Notes;
        List<string> toCheck;
        Func<string, bool> replied;
        Func<string, int> noteSeen;
        if (log.Channel == "dl")
        {
            // The conversation itself, read with the secret (as the bot's owner can).
            var held = await DirectLineDriver.Session.ReadAllAsync(http, host.BaseUrl, log.Conversation, InProcessSupportBot.DirectLineSecret);
            var messages = held.Where(a => a.GetProperty("type").GetString() == "message").ToList();
            toCheck = [.. messages.Where(SoakLedger.IsCustomers).Select(a => a.GetProperty("id").GetString()!)];
            var replies = messages.Where(a => !SoakLedger.IsCustomers(a) && a.TryGetProperty("replyToId", out _)).ToList();
            var replyIds = replies.Select(a => a.GetProperty("replyToId").GetString()).ToHashSet(StringComparer.Ordinal);
            replied = replyIds.Contains;
            var heldNotes = messages.Select(a => SoakLedger.NoteToken(Text(a))).OfType<string>().GroupBy(t => t, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            noteSeen = token => heldNotes.GetValueOrDefault(token);
            foreach (var twice in replies.Where(a => Text(a) is { Length: > 0 }).GroupBy(a => (a.GetProperty("replyToId").GetString(), Text(a))).Where(g => g.Count() > 1))
            {
                Problem("duplicated replies", "a bot reply is in the conversation twice", twice.Key.Item1);
            }
            foreach (var missing in sent.Where(s => !toCheck.Contains(s.ActivityId, StringComparer.Ordinal)))
            {
                Problem("missing touchpoints", "accepted by Direct Line but not in the conversation", missing.ActivityId);
            }
            for (var i = 0; i < log.StreamMissed; i++)
            {
                Problem("stream missed", "the stream never delivered an activity the conversation held", null);
            }
            for (var i = 0; i < log.DuplicatedStreamed; i++)
            {
                Problem("stream duplicated", "the stream delivered an activity twice", null);
            }
        }
        else
        {
            toCheck = [.. sent.Select(s => s.ActivityId)];
            replied = log.HasReply;
            noteSeen = token => notes.GetValueOrDefault(token);
            for (var i = 0; i < log.DuplicatedReplies; i++)
            {
                Problem("duplicated replies", "a bot reply reached the sink twice", null);
            }
            var key = $"emulator/{log.Conversation}";
            var waiting = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM connector_outbox WHERE conversation_key = @key", new { key });
            if (waiting > 0)
            {
                // Counted from the whole outbox at the end; here it only keeps the conversation open.
                findings.Add(new Finding($"{log.Channel}: {waiting} replies in the outbox", log.Conversation, null));
            }
        }

        counts["messages"] = toCheck.Count;
        foreach (var id in toCheck)
        {
            if (!logged.TryGetValue(id, out var entry))
            {
                Problem("missing touchpoints", "customer message without a touchpoint", id);
                continue;
            }
            if (entry.Count > 1)
            {
                // The conversation's log beside it, to see which turn wrote the message again.
                Problem("duplicated touchpoints", $"customer message with {entry.Count} touchpoints; the log: {string.Join(", ", rows.Select(r => $"{r.Kind} {r.ActivityId}"))}", id);
            }
            if (!entry.DuringHandoff && !replied(id))
            {
                Problem("missing replies", "customer message outside a handoff without a bot reply", id);
            }
        }
        counts["notes"] = notes.Count;
        foreach (var token in notes.Keys)
        {
            switch (noteSeen(token))
            {
                case 0:
                    Problem("missing notes", "agent note never reached the customer's channel", token);
                    break;
                case > 1 and var times:
                    Problem("duplicated notes", $"agent note reached the customer's channel {times} times", token);
                    break;
            }
        }
        return (counts, findings);
    }

    private static string? Text(JsonElement activity) => activity.TryGetProperty("text", out var t) ? t.GetString() : null;
}
