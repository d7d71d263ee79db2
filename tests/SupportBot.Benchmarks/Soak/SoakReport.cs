using System.Globalization;
using System.Text.Json;

namespace SupportBot.Benchmarks.Soak;

/// What a soak run found, printed as tables and optionally written as JSON (--output).
internal sealed record SoakReport(
    DateTimeOffset StartedAt,
    string Machine,
    double Seconds,
    int Customers,
    double DrainSeconds,
    bool Drained,
    IReadOnlyDictionary<string, int> Traffic,
    IReadOnlyDictionary<string, int> TouchpointKinds,
    IReadOnlyDictionary<string, int> ClientStatuses,
    IReadOnlyDictionary<string, int> FaultsInjected,
    int ConnectorRepliesRefused,
    int ConnectorRepliesRecovered,
    SoakAudit.Result Audit,
    IReadOnlyList<MemorySampler.Sample> Memory,
    double HeapGrowthPerMinute,
    double WorkingSetGrowthPerMinute,
    double HeapGrowthRatio,
    bool LeakSuspected)
{
    private const double MB = 1024 * 1024;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public bool Passed => Audit.Lost == 0 && Audit.Duplicated == 0 && Drained && !LeakSuspected;

    public string ToJson() => JsonSerializer.Serialize(this, Indented);

    public void Print()
    {
        Console.WriteLine($"Soak: {Machine}; {Customers} customers for {Seconds:0} s, then {DrainSeconds:0.0} s of drain{(Drained ? string.Empty : " (did not finish)")}");
        Console.WriteLine();
        Console.WriteLine("1. Traffic (conversations by script; turns from the touchpoint log)");
        Console.WriteLine();
        Console.WriteLine(Counts("what", Traffic.Concat(TouchpointKinds.Select(k => KeyValuePair.Create($"touchpoints: {k.Key}", k.Value)))));
        Console.WriteLine("2. HTTP statuses clients saw");
        Console.WriteLine();
        Console.WriteLine(Counts("request and status", ClientStatuses));
        Console.WriteLine("3. Faults injected");
        Console.WriteLine();
        Console.WriteLine(Counts("fault", FaultsInjected));
        Console.WriteLine($"Connector: {ConnectorRepliesRefused} replies were refused at least once; {ConnectorRepliesRecovered} of them were delivered later " +
            "(the connector's retry or the outbox). Model faults recover when the turn is answered anyway (section 4).");
        Console.WriteLine();
        var audit = new TextTable("check", "count");
        audit.Add("conversations checked", Int(Audit.ConversationsChecked));
        audit.Add("customer messages checked (accepted, or held by a Direct Line conversation)", Int(Audit.CustomerMessagesChecked));
        audit.Add("lost: customer message without a touchpoint (invisible to agents)", Int(Audit.MissingTouchpoints));
        audit.Add("lost: customer message outside a handoff without a bot reply", Int(Audit.MissingReplies));
        audit.Add($"lost: agent notes that never reached the customer (of {Audit.AgentNotesSent})", Int(Audit.AgentNotesMissing));
        audit.Add("lost: activities a Direct Line stream never delivered", Int(Audit.StreamMissed));
        audit.Add("lost: replies still pending / dead in the outbox", $"{Audit.OutboxPending} / {Audit.OutboxDead}");
        audit.Add("duplicated: customer messages with more than one touchpoint", Int(Audit.DuplicatedTouchpoints));
        audit.Add("duplicated: bot replies received twice", Int(Audit.DuplicatedReplies));
        audit.Add("duplicated: agent notes received twice", Int(Audit.AgentNotesDuplicated));
        audit.Add("duplicated: stream activities delivered twice", Int(Audit.StreamDuplicated));
        Console.WriteLine("4. Lost and duplicated messages (after the drain)");
        Console.WriteLine();
        Console.WriteLine(audit);
        foreach (var finding in Audit.Examples)
        {
            Console.WriteLine($"  - {finding.What}: {finding.Conversation} {finding.ActivityId}");
        }
        var memory = new TextTable("at s", "phase", "managed heap MB", "working set MB");
        foreach (var sample in Memory)
        {
            memory.Add(sample.Seconds.ToString("0", CultureInfo.InvariantCulture), sample.Phase, (sample.HeapBytes / MB).ToString("0.0", CultureInfo.InvariantCulture),
                (sample.WorkingSetBytes / MB).ToString("0", CultureInfo.InvariantCulture));
        }
        Console.WriteLine("5. Memory (one process: host, clients, sink, fake model; heap after a full collection)");
        Console.WriteLine();
        Console.WriteLine(memory);
        Console.WriteLine($"Growth under load: heap {HeapGrowthPerMinute / MB:+0.0;-0.0} MB/min, working set {WorkingSetGrowthPerMinute / MB:+0.0;-0.0} MB/min; " +
            $"heap at the end of the load {HeapGrowthRatio:0.00}x the baseline{(LeakSuspected ? " (leak suspected)" : string.Empty)}");
        Console.WriteLine();
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static TextTable Counts(string header, IEnumerable<KeyValuePair<string, int>> counts)
    {
        var table = new TextTable(header, "count");
        foreach (var (key, value) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            table.Add(key, Int(value));
        }
        return table;
    }
}
