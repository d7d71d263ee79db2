using Dapper;
using SupportBot.Customers;
using SupportBot.Handoff;
using SupportBot.Storage;
using SupportBot.Touchpoints;

namespace SupportBot.Conversations;

/// What a customer message's turn reads before it answers: the conversation's recent touchpoints, its open
/// handoff, and the customer the sender's identity already names (null when not seen yet, or nobody is named).
internal sealed record TurnStart(IReadOnlyList<Touchpoint> Recent, HandoffRecord? OpenHandoff, string? KnownCustomer);

/// Reads a TurnStart in one round trip: the three stores' statements in one command.
internal sealed class TurnStartReader(Database database)
{
    private const string WithoutIdentity = TouchpointStore.RecentSql + ";\n" + HandoffStore.OpenSql;
    private const string WithIdentity = WithoutIdentity + ";\n" + CustomerStore.IdentitySql;

    public async Task<TurnStart> ReadAsync(string channel, string conversationId, int recentCount, CustomerIdentity? identity, CancellationToken cancellationToken)
    {
        var parameters = HandoffStore.OpenParameters(TouchpointStore.RecentParameters(new PrefixedParameters(5), conversationId, recentCount), channel, conversationId);
        if (identity is not null)
        {
            CustomerStore.IdentityParameters(parameters, identity);
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(
            new CommandDefinition(identity is null ? WithoutIdentity : WithIdentity, parameters, cancellationToken: cancellationToken));
        var recent = await TouchpointStore.ReadRecentAsync(results);
        var handoff = await HandoffStore.ReadOpenAsync(results);
        var customer = identity is null ? null : await results.ReadSingleOrDefaultAsync<string>();
        return new TurnStart(recent, handoff, customer);
    }
}
