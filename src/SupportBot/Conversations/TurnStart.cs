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
    public const string WithoutIdentity = TouchpointStore.RecentSql + ";\n" + HandoffStore.OpenSql;
    public const string WithIdentity = WithoutIdentity + ";\n" + CustomerStore.IdentitySql;

    private readonly string _channel;
    private readonly string _conversationId;
    private readonly int _recentCount;

    public TurnStartQuery(Activity activity, int recentCount)
    {
        _channel = activity.ChannelId ?? string.Empty;
        _conversationId = activity.Conversation?.Id ?? throw new ArgumentException("The activity has no conversation id.", nameof(activity));
        _recentCount = recentCount;
        Identity = CustomerIdentity.From(activity);
    }

    /// Who the sender says they are, if anyone.
    public CustomerIdentity? Identity { get; }

    public string Sql => Identity is null ? WithoutIdentity : WithIdentity;

    /// Adds this query's parameters to those of the statements before it.
    public PrefixedParameters AddParameters(PrefixedParameters parameters)
    {
        HandoffStore.OpenParameters(TouchpointStore.RecentParameters(parameters, _conversationId, _recentCount), _channel, _conversationId);
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

/// Reads a customer message's TurnStart in one round trip. Every customer message reads it, so on SQLite it runs on
/// the writer connection, whose page cache stays warm, prepared once (Database.ReadHotAsync).
internal sealed class TurnStartReader(Database database, IOptions<AnsweringOptions> answering)
{
    public TurnStartQuery QueryFor(Activity activity)
        => new(activity, 2 * Math.Max(answering.Value.HistoryTurns, answering.Value.SubjectTurns));

    public async Task<TurnStart> ReadAsync(Activity activity, CancellationToken cancellationToken)
    {
        var query = QueryFor(activity);
        return await database.ReadHotAsync(query.Sql, query.AddParameters(new PrefixedParameters(5)), query.ReadAsync, cancellationToken);
    }
}
