using System.Collections.Concurrent;

namespace SupportBot.Agents;

/// Which agents are around: anyone connected to the console, or who called the agent API recently. Escalations
/// with nobody online (or outside business hours) are taken as messages instead of a wait with no end.
internal sealed class AgentPresence(TimeProvider time)
{
    /// How long after an agent's last sign of life they count as online; the console pings well within it.
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastSeen = new(StringComparer.Ordinal);
    // Open console connections per agent: an agent with two tabs open stays online when one closes.
    private readonly ConcurrentDictionary<string, int> _connections = new(StringComparer.Ordinal);

    public void Seen(string agentId) => _lastSeen[agentId] = time.GetUtcNow();

    public void Left(string agentId) => _lastSeen.TryRemove(agentId, out _);

    public void Connected(string agentId)
    {
        _connections.AddOrUpdate(agentId, 1, (_, open) => open + 1);
        Seen(agentId);
    }

    public void Disconnected(string agentId)
    {
        if (_connections.AddOrUpdate(agentId, 0, (_, open) => open - 1) <= 0)
        {
            _connections.TryRemove(new KeyValuePair<string, int>(agentId, 0));
            Left(agentId);
        }
    }

    public IReadOnlyList<string> Online()
    {
        var cutoff = time.GetUtcNow() - Window;
        return
        [
            .. _lastSeen.Where(kv => kv.Value >= cutoff).Select(kv => kv.Key)
                .Union(_connections.Where(kv => kv.Value > 0).Select(kv => kv.Key), StringComparer.Ordinal)
                .Order(StringComparer.Ordinal),
        ];
    }

    public bool AnyOnline => Online().Count > 0;
}
