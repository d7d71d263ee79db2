using System.Collections.Concurrent;
using System.Globalization;
using Dapper;
using SupportBot.Storage;

namespace SupportBot.Agents;

/// Each agent's routing row: the status they chose, a capacity override, when they were last active and last
/// assigned a conversation. In the store, so every instance routes on the same figures.
internal sealed class AgentRoutingStore(Database database, TimeProvider time)
{
    public const string Online = "online";
    public const string Away = "away";
    public const string Busy = "busy";

    // Activity is written at most this often per agent and instance: every click need not be a write.
    private static readonly TimeSpan ActivityWriteInterval = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _activityWritten = new(StringComparer.OrdinalIgnoreCase);

    public static bool IsStatus(string? status) => status is Online or Away or Busy;

    public async Task<IReadOnlyDictionary<string, AgentRoutingRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT agent_id AS AgentId, status AS Status, capacity AS Capacity, last_active_at AS LastActiveAt, last_assigned_at AS LastAssignedAt FROM agent_routing", cancellationToken: cancellationToken));
        var result = new Dictionary<string, AgentRoutingRow>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            result[row.AgentId] = new(row.AgentId, row.Status, row.Capacity is { } c ? (int)c : null, Parse(row.LastActiveAt), Parse(row.LastAssignedAt));
        }
        return result;
    }

    public Task SetStatusAsync(string agentId, string status, CancellationToken cancellationToken)
        => UpsertAsync(agentId, "status", status, cancellationToken);

    /// Null: back to Routing:DefaultCapacity.
    public Task SetCapacityAsync(string agentId, int? capacity, CancellationToken cancellationToken)
        => UpsertAsync(agentId, "capacity", capacity, cancellationToken);

    /// A sign the agent is at the desk. Returns true when it was written (the first in a while on this instance).
    public async Task<bool> ActiveAsync(string agentId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_activityWritten.TryGetValue(agentId, out var last) && now - last < ActivityWriteInterval)
        {
            return false;
        }
        _activityWritten[agentId] = now;
        await UpsertAsync(agentId, "last_active_at", Time(now), cancellationToken);
        return true;
    }

    // One column of the agent's row, the row made when missing. The column names come from this class only.
    private async Task UpsertAsync(string agentId, string column, object? value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO agent_routing (agent_id, {column}) VALUES (@agentId, @value)
            ON CONFLICT (agent_id) DO UPDATE SET {column} = excluded.{column}
            """,
            new { agentId, value }, cancellationToken: cancellationToken));
    }

    internal static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Parse(string? text)
        => text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    // Settable properties, not a positional record: a column that is NULL in the first row has no type on SQLite,
    // and Dapper matches a record's constructor by the reader's types.
    private sealed class Row
    {
        public string AgentId { get; set; } = string.Empty;
        public string Status { get; set; } = string.Empty;
        public long? Capacity { get; set; }
        public string? LastActiveAt { get; set; }
        public string? LastAssignedAt { get; set; }
    }
}

internal sealed record AgentRoutingRow(string AgentId, string Status, int? Capacity, DateTimeOffset? LastActiveAt, DateTimeOffset? LastAssignedAt);
