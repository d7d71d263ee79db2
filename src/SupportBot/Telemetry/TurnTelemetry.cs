using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SupportBot.Telemetry;

/// The bot's own traces and metrics, beside ASP.NET Core's and HttpClient's: a span per turn, and counters an
/// operator watches (turns, how long they take, escalations by reason, customers waiting for a person).
internal sealed class TurnTelemetry
{
    public const string Name = "SupportBot";

    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _turns;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _escalations;
    private long _queueLength;

    public TurnTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _turns = meter.CreateCounter<long>("supportbot.turns", "{turn}", "Inbound activities handled, by channel, activity type and outcome.");
        _duration = meter.CreateHistogram<double>("supportbot.turn.duration", "s", "Time to handle one inbound activity, answer included.");
        _escalations = meter.CreateCounter<long>("supportbot.escalations", "{escalation}", "Messages the bot handed to people, by reason.");
        meter.CreateObservableGauge("supportbot.handoff.queue.length", () => Interlocked.Read(ref _queueLength), "{conversation}", "Conversations waiting for an agent.");
    }

    public static Activity? StartTurn(string? channel, string? type, string? conversationId)
    {
        var activity = Source.StartActivity($"turn {type}");
        activity?.SetTag("supportbot.channel", channel);
        activity?.SetTag("supportbot.activity_type", type);
        activity?.SetTag("supportbot.conversation_id", conversationId);
        return activity;
    }

    public void TurnHandled(string? channel, string? type, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "supportbot.channel", channel }, { "supportbot.activity_type", type }, { "supportbot.outcome", outcome } };
        _turns.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }

    public void Escalated(string reason) => _escalations.Add(1, new KeyValuePair<string, object?>("supportbot.reason", reason));

    public void QueueLengthIs(long length) => Interlocked.Exchange(ref _queueLength, length);
}
