using System.Globalization;
using Dapper;
using SupportBot.Storage;

namespace SupportBot.Handoff;

/// The statuses of a ticket: open (the team owes an answer), pending (answered, waiting on the customer), solved.
internal static class TicketStatuses
{
    public const string Open = "open";
    public const string Pending = "pending";
    public const string Solved = "solved";

    public static bool IsValid(string? status) => status is Open or Pending or Solved;
}

/// A message left for the team when nobody could take the conversation.
internal sealed record Ticket(
    long Id, long HandoffId, string Channel, string ConversationId, string CustomerId, string Status, string? Assignee, string Message,
    string? Email, string? Phone, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? SolvedAt);

/// Tickets in the store. Status changes are conditional UPDATEs, so two agents (or instances) cannot both act on a
/// ticket as it was.
internal sealed class TicketStore(Database database)
{
    private const string Columns =
        "id, handoff_id, channel, conversation_id, customer_id, status, assignee, message, email, phone, created_at, updated_at, solved_at";

    /// The ticket of a handoff that ended as a left message; a second call for the same handoff changes nothing.
    public async Task<Ticket?> CreateAsync(HandoffRecord handoff, string message, string? email, string? phone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            """
            INSERT INTO tickets (handoff_id, channel, conversation_id, customer_id, status, message, email, phone, created_at, updated_at)
            VALUES (@HandoffId, @Channel, @ConversationId, @CustomerId, 'open', @message, @email, @phone, @at, @at)
            ON CONFLICT (handoff_id) DO NOTHING
            RETURNING id
            """,
            new { HandoffId = handoff.Id, handoff.Channel, handoff.ConversationId, handoff.CustomerId, message, email, phone, at = Time(now) },
            cancellationToken: cancellationToken));
        return id is { } created ? await GetAsync(created, cancellationToken) : null;
    }

    public async Task<Ticket?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM tickets WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToTicket();
    }

    /// Tickets newest first, of one status or all.
    public async Task<IReadOnlyList<Ticket>> ListAsync(string? status, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM tickets {(status is null ? string.Empty : "WHERE status = @status")} ORDER BY created_at DESC, id DESC LIMIT @limit",
            new { status, limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToTicket())];
    }

    /// A status change from one of the given statuses; false when the ticket was not in one of them.
    public async Task<bool> TryMoveAsync(long id, string[] from, string to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE tickets SET status = @to, updated_at = @at, solved_at = CASE WHEN @to = 'solved' THEN @at ELSE NULL END
            WHERE id = @id AND {database.In("status", "from")}
            """,
            new { id, from, to, at = Time(now) }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task<bool> AssignAsync(long id, string? assignee, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE tickets SET assignee = @assignee, updated_at = @at WHERE id = @id", new { id, assignee, at = Time(now) }, cancellationToken: cancellationToken)) == 1;
    }

    /// The customer wrote again in the conversation: its answered or solved tickets are open again. Returns them.
    public async Task<IReadOnlyList<long>> ReopenForConversationAsync(string conversationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<long>(new CommandDefinition(
            """
            UPDATE tickets SET status = 'open', updated_at = @at, solved_at = NULL
            WHERE conversation_id = @conversationId AND status IN ('pending', 'solved')
            RETURNING id
            """,
            new { conversationId, at = Time(now) }, cancellationToken: cancellationToken));
        return [.. ids];
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Parse(string? text)
        => text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private sealed record Row(
        long id, long handoff_id, string channel, string conversation_id, string customer_id, string status, string? assignee, string message,
        string? email, string? phone, string created_at, string updated_at, string? solved_at)
    {
        public Ticket ToTicket() => new(
            id, handoff_id, channel, conversation_id, customer_id, status, assignee, message, email, phone, Parse(created_at)!.Value, Parse(updated_at)!.Value, Parse(solved_at));
    }
}
