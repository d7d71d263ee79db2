using Microsoft.Extensions.Options;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// Who can take a conversation now. An agent is available when their console or API is alive (AgentPresence), they
/// chose "online", and they were active within Routing:IdleMinutes; an open console alone is not enough. An agent
/// never seen active since the table existed counts as active until their first recorded activity.
internal sealed class AgentAvailability(AgentPresence presence, AgentRoutingStore routing, IOptions<RoutingOptions> options, TimeProvider time) : IAgentAvailability
{
    /// Every agent alive now (or with a routing row), with their effective status, capacity and load.
    public async Task<IReadOnlyList<AgentState>> ListAsync(IEnumerable<HandoffRecord> open, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var rows = await routing.ListAsync(cancellationToken);
        var online = (await presence.OnlineAsync()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var load = open.Where(h => h.State == HandoffStates.WithAgent && h.AgentId is not null)
            .GroupBy(h => h.AgentId!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var idleSince = time.GetUtcNow() - TimeSpan.FromMinutes(settings.IdleMinutes);
        return
        [
            .. online.Union(rows.Keys, StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).Select(id =>
            {
                var row = rows.GetValueOrDefault(id);
                var chosen = row?.Status ?? AgentRoutingStore.Online;
                var idle = row?.LastActiveAt is { } active && active < idleSince;
                var effective = !online.Contains(id) ? "offline" : chosen == AgentRoutingStore.Online && idle ? AgentRoutingStore.Away : chosen;
                return new AgentState(id, chosen, effective, idle, row?.Capacity ?? settings.DefaultCapacity, load.GetValueOrDefault(id), row?.LastAssignedAt);
            }),
        ];
    }

    /// Whether anyone can take a conversation now (a handoff queues) or not (the customer leaves a message).
    public async Task<bool> AnyAvailableAsync(CancellationToken cancellationToken)
    {
        if (!await presence.AnyOnlineAsync())
        {
            return false;
        }
        return (await ListAsync([], cancellationToken)).Any(a => a.Effective == AgentRoutingStore.Online);
    }

    public IEnumerable<AgentState> CandidatesFor(IEnumerable<AgentState> agents, string queue, RoutingOptions settings) => Candidates(agents, queue, settings);

    /// The agents round robin may give a conversation of this queue to, the one who waited longest first.
    public static IEnumerable<AgentState> Candidates(IEnumerable<AgentState> agents, string queue, RoutingOptions settings)
        => agents.Where(a => a.Effective == AgentRoutingStore.Online && a.Load < a.Capacity && settings.Takes(a.AgentId, queue))
            .OrderBy(a => a.LastAssignedAt ?? DateTimeOffset.MinValue)
            .ThenBy(a => a.AgentId, StringComparer.OrdinalIgnoreCase);
}
