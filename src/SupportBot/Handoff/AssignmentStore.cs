using System.Globalization;
using Dapper;
using SupportBot.Storage;

namespace SupportBot.Handoff;

/// Round robin's one write: a queued handoff to an agent, only while it still waits and the agent still has a free
/// seat. The agent's routing row is written first, in the same transaction: on PostgreSQL that locks the row, so a
/// second instance assigning to the same agent waits, and its count then sees the first assignment; on SQLite the
/// transaction holds the database's write lock. Either way, no double assignment and no seat given twice.
internal sealed class AssignmentStore(Database database)
{
    public async Task<bool> TryAssignAsync(long handoffId, string agentId, int capacity, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO agent_routing (agent_id, last_assigned_at) VALUES (@agentId, @at)
            ON CONFLICT (agent_id) DO UPDATE SET last_assigned_at = excluded.last_assigned_at
            """,
            new { agentId, at }, transaction, cancellationToken: cancellationToken));
        var assigned = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE handoffs SET state = 'with_agent', agent_id = @agentId, claimed_at = COALESCE(claimed_at, @at)
            WHERE id = @handoffId AND state = 'queued'
              AND (SELECT COUNT(*) FROM handoffs held WHERE held.agent_id = @agentId AND held.state = 'with_agent') < @capacity
            """,
            new { handoffId, agentId, at, capacity }, transaction, cancellationToken: cancellationToken)) == 1;
        if (assigned)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await transaction.RollbackAsync(cancellationToken);
        }
        return assigned;
    }
}
