using System.Text.Json;

namespace SupportBot.Benchmarks.Soak;

/// What one conversation's customer sent and received, until the audit settles it: the customer messages the host
/// accepted, the bot replies a client received (by the message they answer), the agents' notes, the survey card,
/// and on Direct Line which activities the stream delivered. Ids and counts only.
internal sealed class ConversationLog(string conversation, string channel)
{
    private readonly Lock _gate = new();
    private readonly List<SentMessage> _sent = [];
    private readonly Dictionary<string, int> _replies = new(StringComparer.Ordinal);
    private readonly Dictionary<(string ReplyToId, int TextHash), int> _replyTexts = [];
    private readonly Dictionary<string, int> _notes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _streamed = new(StringComparer.Ordinal);
    private long? _surveyCard;
    private int _notesSeen;

    public sealed record SentMessage(string ActivityId, string Script, bool Survey);

    public string Conversation => conversation;

    /// "bf" (/api/messages) or "dl" (Direct Line).
    public string Channel => channel;

    /// When the customer left; the audit settles a conversation some time after.
    public DateTime? LeftAt { get; private set; }

    /// Activities the Direct Line conversation held when the customer left that its stream never delivered, or
    /// delivered more than once.
    public int StreamMissed { get; private set; }

    public int StreamDuplicated { get; private set; }

    public IReadOnlyList<SentMessage> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    /// Agent notes sent into the conversation (by token) and how many times a client received each.
    public IReadOnlyDictionary<string, int> Notes
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, int>(_notes, StringComparer.Ordinal);
            }
        }
    }

    public bool HasAgentNote
    {
        get
        {
            lock (_gate)
            {
                return _notesSeen > 0;
            }
        }
    }

    public long? SurveyCard
    {
        get
        {
            lock (_gate)
            {
                return _surveyCard;
            }
        }
    }

    /// Bot messages a client received more than once with the same text in reply to the same message.
    public int DuplicatedReplies
    {
        get
        {
            lock (_gate)
            {
                return _replyTexts.Values.Count(n => n > 1);
            }
        }
    }

    /// Direct Line activities the stream delivered more than once.
    public int DuplicatedStreamed
    {
        get
        {
            lock (_gate)
            {
                return StreamDuplicated + _streamed.Values.Count(n => n > 1);
            }
        }
    }

    public void Accepted(string activityId, string script, bool survey)
    {
        lock (_gate)
        {
            _sent.Add(new SentMessage(activityId, script, survey));
        }
    }

    public void NoteSent(string token)
    {
        lock (_gate)
        {
            _notes.TryAdd(token, 0);
        }
    }

    public bool HasReply(string activityId)
    {
        lock (_gate)
        {
            return _replies.ContainsKey(activityId);
        }
    }

    public bool Streamed(string activityId)
    {
        lock (_gate)
        {
            return _streamed.ContainsKey(activityId);
        }
    }

    public void Observe(JsonElement activity, bool streamed)
    {
        var id = activity.TryGetProperty("id", out var i) ? i.GetString() : null;
        var message = activity.TryGetProperty("type", out var type) && type.GetString() == "message" && !SoakLedger.IsCustomers(activity);
        var text = message && activity.TryGetProperty("text", out var t) ? t.GetString() : null;
        var note = SoakLedger.NoteToken(text);
        var survey = message ? SurveyHandoff(activity) : null;
        var replyTo = message && activity.TryGetProperty("replyToId", out var r) ? r.GetString() : null;
        lock (_gate)
        {
            if (streamed && id is not null)
            {
                _streamed[id] = _streamed.GetValueOrDefault(id) + 1;
            }
            if (note is not null)
            {
                _notes[note] = _notes.GetValueOrDefault(note) + 1;
                _notesSeen++;
            }
            _surveyCard = survey ?? _surveyCard;
            if (replyTo is { Length: > 0 })
            {
                _replies[replyTo] = _replies.GetValueOrDefault(replyTo) + 1;
                if (text is { Length: > 0 })
                {
                    var key = (replyTo, string.GetHashCode(text, StringComparison.Ordinal));
                    _replyTexts[key] = _replyTexts.GetValueOrDefault(key) + 1;
                }
            }
        }
    }

    /// The customer leaves. On Direct Line, held is what the conversation held then: the stream must have delivered
    /// each of those once (what the bot adds later waits in the conversation for the customer's return).
    public void Left(IReadOnlyList<string>? held = null)
    {
        lock (_gate)
        {
            if (held is not null)
            {
                StreamMissed = held.Count(id => !_streamed.ContainsKey(id));
                StreamDuplicated = held.Count(id => _streamed.GetValueOrDefault(id) > 1);
                _streamed.Clear();
            }
            LeftAt = DateTime.UtcNow;
        }
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
