using System.Collections.Concurrent;

namespace SupportBot.Agents;

/// Which agents are around: anyone who called the agent API or is connected to the console recently. Escalations
/// with nobody online (or outside business hours) are taken as messages instead of a wait with no end.
internal sealed class AgentPresence(TimeProvider time)
{
    /// How long after an agent's last sign of life they count as online; the console pings well within it.
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastSeen = new(StringComparer.Ordinal);

    public void Seen(string agentId) => _lastSeen[agentId] = time.GetUtcNow();

    public void Left(string agentId) => _lastSeen.TryRemove(agentId, out _);

    public IReadOnlyList<string> Online()
    {
        var cutoff = time.GetUtcNow() - Window;
        return [.. _lastSeen.Where(kv => kv.Value >= cutoff).Select(kv => kv.Key).Order(StringComparer.Ordinal)];
    }

    public bool AnyOnline => Online().Count > 0;
}
