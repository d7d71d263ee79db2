using System.Data.Common;
using System.Globalization;
using Dapper;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;
using SupportBot.Storage;

namespace SupportBot.Handoff;

/// Handoffs in the store. Every state change is one conditional UPDATE, so two agents claiming the same
/// conversation (or a claim racing the customer's cancel) cannot both win: the database decides.
internal sealed class HandoffStore(Database database)
{
    private const string Columns =
        "id, channel, conversation_id, customer_id, state, reason, summary, queue, agent_id, reference, route, locale, queued_at, claimed_at, first_reply_at, closed_at";

    /// Opens a handoff, or returns the conversation's open one when it has one already.
    public async Task<(HandoffRecord Handoff, bool Created)> OpenAsync(HandoffRecord handoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // The open-handoff index turns a second open into no row; on PostgreSQL a racing insert waits for the first to commit.
        var id = await connection.ExecuteScalarAsync<long?>(
            """
            INSERT INTO handoffs (channel, conversation_id, customer_id, state, reason, summary, queue, reference, route, locale, queued_at)
            VALUES (@Channel, @ConversationId, @CustomerId, @State, @Reason, @Summary, @Queue, @Reference, @Route, @Locale, @QueuedAt)
            ON CONFLICT DO NOTHING
            RETURNING id
            """,
            new
            {
                handoff.Channel,
                handoff.ConversationId,
                handoff.CustomerId,
                handoff.State,
                handoff.Reason,
                handoff.Summary,
                handoff.Queue,
                Reference = BotJson.Serialize(handoff.Reference),
                handoff.Route,
                handoff.Locale,
                QueuedAt = Time(handoff.QueuedAt),
            });
        if (id is { } created)
        {
            return (handoff with { Id = created }, true);
        }
        var open = await FindOpenAsync(handoff.Channel, handoff.ConversationId, cancellationToken);
        return (open ?? throw new InvalidOperationException("An open handoff vanished while opening another."), false);
    }

    public async Task<HandoffRecord?> FindOpenAsync(string channel, string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<HandoffRow>(OpenSql, OpenParameters(new PrefixedParameters(), channel, conversationId));
        return row?.ToRecord();
    }

    /// The statement of FindOpenAsync, for a caller that reads it together with others in one round trip.
    internal const string OpenSql =
        $"SELECT {Columns} FROM handoffs WHERE channel = @HandoffChannel AND conversation_id = @HandoffConversationId AND state IN ('queued', 'with_agent', 'leaving_message')";

    internal static PrefixedParameters OpenParameters(PrefixedParameters parameters, string channel, string conversationId)
        => parameters.Add("@HandoffChannel", channel).Add("@HandoffConversationId", conversationId);

    /// One row of the open statement, read by position (see TouchpointStore.Read for why).
    internal static HandoffRecord Read(DbDataReader r) => new HandoffRow(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7),
        r.GetStringOrNull(8), r.GetString(9), r.GetString(10), r.GetStringOrNull(11), r.GetString(12), r.GetStringOrNull(13), r.GetStringOrNull(14),
        r.GetStringOrNull(15)).ToRecord();

    /// The conversation's latest handoff, open or not, whatever the channel (agents know conversations by id).
    public async Task<HandoffRecord?> FindLatestAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<HandoffRow>(
            $"SELECT {Columns} FROM handoffs WHERE conversation_id = @conversationId ORDER BY id DESC LIMIT 1", new { conversationId });
        return row?.ToRecord();
    }

    public async Task<HandoffRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<HandoffRow>($"SELECT {Columns} FROM handoffs WHERE id = @id", new { id });
        return row?.ToRecord();
    }

    /// Handoffs agents work on, oldest first: the queue and the conversations agents are in.
    public async Task<IReadOnlyList<HandoffRecord>> ListOpenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<HandoffRow>(
            $"SELECT {Columns} FROM handoffs WHERE state IN ('queued', 'with_agent') ORDER BY queued_at, id");
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// Open handoffs and those queued since a time: what SLA targets are checked against.
    public async Task<IReadOnlyList<HandoffRecord>> ListOpenOrSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<HandoffRow>(
            $"SELECT {Columns} FROM handoffs WHERE state IN ('queued', 'with_agent') OR queued_at >= @since ORDER BY id", new { since = Time(since) });
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// How many conversations wait for an agent (the queue length metric).
    public async Task<long> CountQueuedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM handoffs WHERE state = 'queued'");
    }

    /// Queued → with an agent the external contact-centre assigned (handoff.status "accepted"); never a handoff
    /// queued for the console's agents.
    public Task<bool> TryAcceptExternallyAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
        => UpdateAsync(
            "UPDATE handoffs SET state = 'with_agent', agent_id = 'external', claimed_at = @now WHERE id = @id AND state = 'queued' AND queue = 'external'",
            new { id, now = Time(now) }, cancellationToken);

    /// Queued → with the agent, for exactly one caller.
    public Task<bool> TryClaimAsync(long id, string agentId, DateTimeOffset now, CancellationToken cancellationToken)
        => UpdateAsync(
            "UPDATE handoffs SET state = 'with_agent', agent_id = @agentId, claimed_at = COALESCE(claimed_at, @now) WHERE id = @id AND state = 'queued'",
            new { id, agentId, now = Time(now) }, cancellationToken);

    /// Records the first agent reply's time (only the first counts).
    public Task<bool> MarkFirstReplyAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
        => UpdateAsync("UPDATE handoffs SET first_reply_at = @now WHERE id = @id AND first_reply_at IS NULL", new { id, now = Time(now) }, cancellationToken);

    /// With one agent → with another, only while the handoff is still with the agent it is taken from.
    public Task<bool> TryReassignAsync(long id, string fromAgentId, string toAgentId, CancellationToken cancellationToken)
        => UpdateAsync(
            "UPDATE handoffs SET agent_id = @toAgentId WHERE id = @id AND state = 'with_agent' AND agent_id = @fromAgentId",
            new { id, fromAgentId, toAgentId }, cancellationToken);

    /// Back into a queue (a transfer to another team): waits for a claim again.
    public Task<bool> TryRequeueAsync(long id, string fromAgentId, string queue, CancellationToken cancellationToken)
        => UpdateAsync(
            "UPDATE handoffs SET state = 'queued', agent_id = NULL, queue = @queue WHERE id = @id AND state = 'with_agent' AND agent_id = @fromAgentId",
            new { id, fromAgentId, queue }, cancellationToken);

    /// Open → resolved, cancelled or a ticket; the conversation is the bot's again.
    public Task<bool> TryCloseAsync(long id, string state, DateTimeOffset now, CancellationToken cancellationToken)
        => UpdateAsync(
            "UPDATE handoffs SET state = @state, closed_at = @now WHERE id = @id AND state IN ('queued', 'with_agent', 'leaving_message')",
            new { id, state, now = Time(now) }, cancellationToken);

    /// Marks a resolved handoff of the conversation surveyed, once: true for the first survey answer only.
    public Task<bool> TryMarkSurveyedAsync(long id, string channel, string conversationId, DateTimeOffset now, CancellationToken cancellationToken)
        => UpdateAsync(
            """
            UPDATE handoffs SET surveyed_at = @now
            WHERE id = @id AND channel = @channel AND conversation_id = @conversationId AND state = 'resolved' AND surveyed_at IS NULL
            """,
            new { id, channel, conversationId, now = Time(now) }, cancellationToken);

    private async Task<bool> UpdateAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(sql, parameters) == 1;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseTime(string? text)
        => text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private sealed record HandoffRow(
        long id, string channel, string conversation_id, string customer_id, string state, string reason, string summary, string queue,
        string? agent_id, string reference, string route, string? locale, string queued_at, string? claimed_at, string? first_reply_at, string? closed_at)
    {
        public HandoffRecord ToRecord() => new()
        {
            Id = id,
            Channel = channel,
            ConversationId = conversation_id,
            CustomerId = customer_id,
            State = state,
            Reason = reason,
            Summary = summary,
            Queue = queue,
            AgentId = agent_id,
            Reference = BotJson.Deserialize<ConversationReference>(reference),
            Route = route,
            Locale = locale,
            QueuedAt = ParseTime(queued_at)!.Value,
            ClaimedAt = ParseTime(claimed_at),
            FirstReplyAt = ParseTime(first_reply_at),
            ClosedAt = ParseTime(closed_at),
        };
    }
}
