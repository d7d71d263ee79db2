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
internal sealed record TurnStart(IReadOnlyList<Touchpoint> Recent, HandoffRecord? OpenHandoff, string? KnownCustomer);

/// The statements that read a TurnStart, as one command (the three stores' statements, rows mapped by the stores),
/// so that it can run alone or after another statement in the same round trip (the inbox claim: TurnDispatcher).
internal sealed class TurnStartQuery
{
    private readonly TurnStartStatements _statements;
    private readonly string _channel;
    private readonly string _conversationId;

    public TurnStartQuery(Activity activity, TurnStartStatements statements)
    {
        _statements = statements;
        _channel = activity.ChannelId ?? string.Empty;
        _conversationId = activity.Conversation?.Id ?? throw new ArgumentException("The activity has no conversation id.", nameof(activity));
        Identity = CustomerIdentity.From(activity);
    }

    /// Who the sender says they are, if anyone.
    public CustomerIdentity? Identity { get; }

    public string Sql => Identity is null ? _statements.WithoutIdentity : _statements.WithIdentity;

    /// The inbox claim, then this query, as one command (InboundActivities.TryClaimAndReadAsync).
    public string SqlAfterClaim => Identity is null ? _statements.ClaimThenWithoutIdentity : _statements.ClaimThenWithIdentity;

    /// Adds this query's parameters to those of the statements before it.
    public PrefixedParameters AddParameters(PrefixedParameters parameters)
    {
        HandoffStore.OpenParameters(TouchpointStore.RecentParameters(parameters, _conversationId), _channel, _conversationId);
        return Identity is null ? parameters : CustomerStore.IdentityParameters(parameters, Identity);
    }

    /// Reads this query's result sets, the reader standing at the first of them.
    public async Task<TurnStart> ReadAsync(DbDataReader reader, CancellationToken cancellationToken)
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
        return new TurnStart(recent, handoff, customer);
    }
}

/// The texts of the TurnStart statements for one history length, built once: a statement stays prepared only as long
/// as the text it is asked for is the same, and building them for every turn would cost a copy each.
internal sealed class TurnStartStatements(int recentCount)
{
    public string WithoutIdentity { get; } = TouchpointStore.RecentSql(recentCount) + ";\n" + HandoffStore.OpenSql;

    public string WithIdentity => field ??= WithoutIdentity + ";\n" + CustomerStore.IdentitySql;

    public string ClaimThenWithoutIdentity => field ??= InboundActivities.ClaimSql + ";\n" + WithoutIdentity;

    public string ClaimThenWithIdentity => field ??= InboundActivities.ClaimSql + ";\n" + WithIdentity;
}

/// Reads a customer message's TurnStart in one round trip. Every customer message reads it, so on SQLite it runs on
/// the writer connection, whose page cache stays warm, prepared once (Database.ReadHotAsync).
internal sealed class TurnStartReader(Database database, IOptions<AnsweringOptions> answering)
{
    private readonly TurnStartStatements _statements = new(2 * Math.Max(answering.Value.HistoryTurns, answering.Value.SubjectTurns));

    public TurnStartQuery QueryFor(Activity activity) => new(activity, _statements);

    public async Task<TurnStart> ReadAsync(Activity activity, CancellationToken cancellationToken)
    {
        var query = QueryFor(activity);
        return await database.ReadHotAsync(query.Sql, query.AddParameters(new PrefixedParameters(4)), query.ReadAsync, cancellationToken);
    }
}
