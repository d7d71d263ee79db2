using System.Data.Common;
using Microsoft.Extensions.Options;
using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.Customers;
using SupportBot.Handoff;
using SupportBot.Storage;
using SupportBot.Touchpoints;

namespace SupportBot.Conversations;

/// What a customer message's turn reads before it answers: the conversation's recent touchpoints, its open
/// handoff, and the customer the sender's identity already names (null when not seen yet, or nobody is named).
/// On PostgreSQL also whether the connector outbox holds replies of the conversation (null: not asked; SQLite's
/// outbox knows that without asking) and, with Redis, whether other activities of the conversation are pending.
internal sealed record TurnStart(IReadOnlyList<Touchpoint> Recent, HandoffRecord? OpenHandoff, string? KnownCustomer)
{
    /// False when the outbox was asked and has nothing of the conversation waiting: the reply can go out at once.
    public bool? RepliesQueued { get; init; }

    /// Whether other activities of the conversation are stored and not done yet, and whose they are: the turn runs at
    /// once, follows a turn of this instance's in the conversation's lane, or waits its place in the conversation's
    /// order across instances (ConversationRunner).
    public OthersPending OthersPending { get; init; }
}

/// Other activities of a conversation pending in the inbox when one is claimed (where instances take turns in it).
internal enum OthersPending
{
    None = 0,

    /// Only activities this instance took as they arrived (InboundActivities.ArrivalRunner): their turns run here, in
    /// the conversation's lane, or have run and are still writing what they did (a Direct Line customer may have the
    /// reply, and answer it, before its turn has logged it and marked its activity done).
    HeldHere = 1,

    /// At least one held by another instance, by this instance's ordered runner, or by nobody.
    Elsewhere = 2,
}

/// The statements that read a TurnStart, as one command (the three stores' statements, rows mapped by the stores),
/// so that it can run alone or after another statement in the same round trip (the inbox claim: TurnDispatcher).
internal sealed class TurnStartQuery
{
    private readonly TurnStartStatements _statements;
    private readonly string _channel;
    private readonly string _conversationId;
    private readonly string? _outboxKey;

    public TurnStartQuery(Activity activity, TurnStartStatements statements)
    {
        _statements = statements;
        _channel = activity.ChannelId ?? string.Empty;
        _conversationId = activity.Conversation?.Id ?? throw new ArgumentException("The activity has no conversation id.", nameof(activity));
        Identity = CustomerIdentity.From(activity);
        _outboxKey = statements.AsksOutbox ? PendingReplies.KeyOf(activity) : null;
    }

    /// Who the sender says they are, if anyone.
    public CustomerIdentity? Identity { get; }

    public string Sql => Identity is null ? _statements.WithoutIdentity : _statements.WithIdentity;

    /// The inbox claim (after a channel's record of the activity, if given), then this query, as one command
    /// (InboundActivities.TryClaimAndReadAsync).
    public string SqlAfterClaim(ChannelRecord? record = null)
    {
        if (record is null)
        {
            return Identity is null ? _statements.ClaimThenWithoutIdentity : _statements.ClaimThenWithIdentity;
        }
        var recorded = _statements.AfterRecord(record.Sql);
        return Identity is null ? recorded.WithoutIdentity : recorded.WithIdentity;
    }

    /// Whether the claim takes the conversation's lock (where instances take turns in a conversation).
    public bool SerializesClaims => _statements.SerializesClaims;

    /// Adds this query's parameters to those of the statements before it.
    public PrefixedParameters AddParameters(PrefixedParameters parameters)
    {
        HandoffStore.OpenParameters(TouchpointStore.RecentParameters(parameters, _conversationId), _channel, _conversationId);
        if (Identity is not null)
        {
            CustomerStore.IdentityParameters(parameters, Identity);
        }
        if (_statements.AsksOutbox)
        {
            parameters.Add("@conversationKey", _outboxKey);
        }
        return parameters;
    }

    /// Reads this query's result sets, the reader standing at the first of them.
    public Task<TurnStart> ReadAsync(DbDataReader reader, CancellationToken cancellationToken) => ReadAsync(reader, afterClaim: false, cancellationToken);

    /// ReadAsync for SqlAfterClaim, the claim's own result read already.
    public Task<TurnStart> ReadAfterClaimAsync(DbDataReader reader, CancellationToken cancellationToken) => ReadAsync(reader, afterClaim: true, cancellationToken);

    private async Task<TurnStart> ReadAsync(DbDataReader reader, bool afterClaim, CancellationToken cancellationToken)
    {
        var recent = new List<Touchpoint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            recent.Add(TouchpointStore.Read(reader));
        }
        await reader.NextResultAsync(cancellationToken);
        var handoff = await reader.ReadAsync(cancellationToken) ? HandoffStore.Read(reader) : null;
        string? customer = null;
        if (Identity is not null && await reader.NextResultAsync(cancellationToken) && await reader.ReadAsync(cancellationToken))
        {
            customer = reader.GetString(0);
        }
        bool? repliesQueued = _statements.AsksOutbox ? await NextFlagAsync(reader, cancellationToken) : null;
        var othersPending = afterClaim && _statements.AsksOthersPending ? await NextOthersPendingAsync(reader, cancellationToken) : OthersPending.None;
        return new TurnStart(recent, handoff, customer) { RepliesQueued = repliesQueued, OthersPending = othersPending };
    }

    private static async Task<OthersPending> NextOthersPendingAsync(DbDataReader reader, CancellationToken cancellationToken)
        => await reader.NextResultAsync(cancellationToken) && await reader.ReadAsync(cancellationToken) ? (OthersPending)reader.GetInt32(0) : OthersPending.None;

    private static async Task<bool> NextFlagAsync(DbDataReader reader, CancellationToken cancellationToken)
        => await reader.NextResultAsync(cancellationToken) && await reader.ReadAsync(cancellationToken) && reader.GetBoolean(0);
}

/// The texts of the TurnStart statements for one history length, built once: a statement stays prepared only as long
/// as the text it is asked for is the same, and building them for every turn would cost a copy each.
/// asksOutbox: also whether the connector outbox holds the conversation's replies (PostgreSQL, where other instances
/// add to it; otherwise every reply would ask in a round trip of its own). asksOthersPending: also whether other
/// activities of the conversation wait in the inbox (with Redis, where instances take turns in a conversation).
internal sealed class TurnStartStatements
{
    // The claim's holder (@inboxInstance) is this instance's arrival runner: 1 when only it holds the others, 2 when
    // anyone else holds one (OthersPending).
    private const string OthersPendingSql = """
        SELECT COALESCE(MAX(CASE WHEN held_by = @inboxInstance THEN 1 ELSE 2 END), 0) FROM inbound_activities
        WHERE channel_id = @inboxChannelId AND conversation_id = @inboxConversationId AND state = 'pending' AND activity_id <> @inboxActivityId
        """;

    public TurnStartStatements(int recentCount, bool asksOutbox = false, bool asksOthersPending = false, StoreProvider provider = StoreProvider.Sqlite)
    {
        AsksOutbox = asksOutbox;
        AsksOthersPending = asksOthersPending;
        var withoutIdentity = TouchpointStore.RecentSql(recentCount) + ";\n" + HandoffStore.OpenSql;
        var withIdentity = withoutIdentity + ";\n" + CustomerStore.IdentitySql;
        var outbox = asksOutbox ? ";\n" + PendingReplies.HasPendingSql : string.Empty;
        // Whether others are pending is asked only right after the claim, whose parameters it reads.
        var others = asksOthersPending ? ";\n" + OthersPendingSql : string.Empty;
        WithoutIdentity = withoutIdentity + outbox;
        WithIdentity = withIdentity + outbox;
        // Where instances take turns in a conversation, its claims are serialized, so that whether others are pending
        // is answered after any claim that came first has committed.
        SerializesClaims = asksOthersPending && provider == StoreProvider.Postgres;
        var claim = InboundActivities.ClaimSqlFor(provider, serialized: asksOthersPending);
        _afterClaimWithoutIdentity = withoutIdentity + outbox + others;
        _afterClaimWithIdentity = withIdentity + outbox + others;
        ClaimThenWithoutIdentity = claim + ";\n" + _afterClaimWithoutIdentity;
        ClaimThenWithIdentity = claim + ";\n" + _afterClaimWithIdentity;
    }

    private readonly string _afterClaimWithoutIdentity;
    private readonly string _afterClaimWithIdentity;

    // A channel has one record statement (Direct Line's append), so this holds one entry: built once, like the rest.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string WithoutIdentity, string WithIdentity)> _afterRecord = new(StringComparer.Ordinal);

    public bool SerializesClaims { get; }

    /// The claim after a channel's record, then the statements, for both identities.
    public (string WithoutIdentity, string WithIdentity) AfterRecord(string recordSql) => _afterRecord.GetOrAdd(recordSql, sql =>
    {
        var claim = InboundActivities.RecordedClaimSql(sql, SerializesClaims);
        return (claim + ";\n" + _afterClaimWithoutIdentity, claim + ";\n" + _afterClaimWithIdentity);
    });

    public bool AsksOutbox { get; }

    public bool AsksOthersPending { get; }

    public string WithoutIdentity { get; }

    public string WithIdentity { get; }

    public string ClaimThenWithoutIdentity { get; }

    public string ClaimThenWithIdentity { get; }
}

/// Reads a customer message's TurnStart in one round trip. Every customer message reads it, so on SQLite it runs on
/// the writer connection, whose page cache stays warm, prepared once (Database.ReadHotAsync).
internal sealed class TurnStartReader(Database database, IOptions<AnsweringOptions> answering, ConversationLocks? locks = null)
{
    private readonly TurnStartStatements _statements = new(
        2 * Math.Max(answering.Value.HistoryTurns, answering.Value.SubjectTurns),
        asksOutbox: database.Provider == StoreProvider.Postgres,
        asksOthersPending: locks is not null,
        provider: database.Provider);

    public TurnStartQuery QueryFor(Activity activity) => new(activity, _statements);

    public async Task<TurnStart> ReadAsync(Activity activity, CancellationToken cancellationToken)
    {
        var query = QueryFor(activity);
        return await database.ReadHotAsync(query.Sql, query.AddParameters(new PrefixedParameters(4)), query.ReadAsync, cancellationToken);
    }
}
