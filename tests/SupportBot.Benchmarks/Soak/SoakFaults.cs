using System.Collections.Concurrent;
using System.Text.Json;
using SupportBot.Benchmarks.Load;
using SupportBot.FakeOpenAi;

namespace SupportBot.Benchmarks.Soak;

/// The faults a soak injects, at fixed shares of requests, and what became of them: a reply the connector sink
/// refused counts as recovered once the same reply arrives (the retry, or the outbox); a typing indicator is
/// never retried, by design. The model's faults recover when the turn is answered anyway (the audit checks every
/// turn), so they are counted as injected.
internal sealed class SoakFaults
{
    // Shares of connector POSTs: ~20% fail in one way or another.
    private static readonly (SinkFault Fault, double Share)[] SinkShares =
    [
        (SinkFault.ServerError, 0.06), (SinkFault.Throttled, 0.03), (SinkFault.Throttled2s, 0.02),
        (SinkFault.Slow, 0.04), (SinkFault.TooSlow, 0.02), (SinkFault.Dropped, 0.03),
    ];

    // Shares of model calls: ~15% fail; the host retries once, then answers without the model.
    private static readonly (string Name, FakeOpenAiServer.Fault Fault, double Share)[] ModelShares =
    [
        ("500", new FakeOpenAiServer.Fault(500), 0.04),
        ("429 Retry-After 1", new FakeOpenAiServer.Fault(429, RetryAfter: TimeSpan.FromSeconds(1)), 0.03),
        ("slow (1 s)", new FakeOpenAiServer.Fault(200, Delay: TimeSpan.FromSeconds(1)), 0.03),
        ("timeout (5 s)", new FakeOpenAiServer.Fault(200, Delay: TimeSpan.FromSeconds(5)), 0.02),
        ("malformed JSON", new FakeOpenAiServer.Fault(200, Malformed: true), 0.03),
    ];

    private readonly ConcurrentDictionary<string, int> _injected = new(StringComparer.Ordinal);
    // Replies refused and not delivered yet; the counts stay, the keys leave once delivered (small in long runs).
    private readonly ConcurrentDictionary<(string Conversation, string? ReplyToId, int TextHash), byte> _undelivered = new();
    private int _refused;
    private int _recovered;
    private volatile bool _on = true;

    public IReadOnlyDictionary<string, int> Injected => _injected;

    /// Connector message POSTs refused, and how many of those replies arrived later.
    public (int Refused, int Recovered) Replies => (Volatile.Read(ref _refused), Volatile.Read(ref _recovered));

    /// The channel and the model recover for the drain at the end.
    public void Stop() => _on = false;

    public void Attach(ConnectorSink sink, FakeOpenAiServer model)
    {
        sink.FaultPicker = PickSinkFault;
        sink.OnFaulted += (conversation, activity, fault) =>
        {
            if (IsMessage(activity) && _undelivered.TryAdd(KeyOf(conversation, activity), 0))
            {
                Interlocked.Increment(ref _refused);
            }
            else
            {
                Count("connector: typing refused (never retried, by design)");
            }
        };
        sink.OnAccepted += (conversation, activity, answeredId) =>
        {
            if (IsMessage(activity) && _undelivered.TryRemove(KeyOf(conversation, activity), out _))
            {
                Interlocked.Increment(ref _recovered);
            }
        };
        model.FaultPicker = PickModelFault;
    }

    private SinkFault PickSinkFault()
    {
        if (!_on)
        {
            return SinkFault.None;
        }
        var roll = Random.Shared.NextDouble();
        foreach (var (fault, share) in SinkShares)
        {
            if ((roll -= share) < 0)
            {
                Count($"connector: {Describe(fault)}");
                return fault;
            }
        }
        return SinkFault.None;
    }

    private FakeOpenAiServer.Fault? PickModelFault(FakeOpenAiServer.RecordedRequest request)
    {
        if (!_on)
        {
            return null;
        }
        var roll = Random.Shared.NextDouble();
        foreach (var (name, fault, share) in ModelShares)
        {
            if ((roll -= share) < 0)
            {
                Count($"model: {name}");
                return fault;
            }
        }
        return null;
    }

    private void Count(string what) => _injected.AddOrUpdate(what, 1, (_, n) => n + 1);

    private static string Describe(SinkFault fault) => fault switch
    {
        SinkFault.ServerError => "500",
        SinkFault.Throttled => "429 Retry-After 1 (retried in place)",
        SinkFault.Throttled2s => "429 Retry-After 2 (beyond the wait: outbox)",
        SinkFault.Slow => "slow (0.2-0.7 s, accepted)",
        SinkFault.TooSlow => "slower than the bot waits",
        _ => "connection dropped",
    };

    private static bool IsMessage(JsonElement activity) => activity.TryGetProperty("type", out var type) && type.GetString() == "message";

    private static (string, string?, int) KeyOf(string conversation, JsonElement activity)
        => (conversation, activity.TryGetProperty("replyToId", out var r) ? r.GetString() : null,
            string.GetHashCode(activity.TryGetProperty("text", out var t) ? t.GetString() : activity.GetRawText(), StringComparison.Ordinal));
}
