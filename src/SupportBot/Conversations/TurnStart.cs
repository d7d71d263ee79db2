using SupportBot.Customers;
using SupportBot.Handoff;
using SupportBot.Storage;
using SupportBot.Touchpoints;

namespace SupportBot.Conversations;

/// What a customer message's turn reads before it answers: the conversation's recent touchpoints, its open
/// handoff, and the customer the sender's identity already names (null when not seen yet, or nobody is named).
internal sealed record TurnStart(IReadOnlyList<Touchpoint> Recent, HandoffRecord? OpenHandoff, string? KnownCustomer);

/// Reads a TurnStart in one round trip: the three stores' statements in one command, rows mapped by the stores.
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
        await using var command = connection.CreateCommand();
        command.CommandText = identity is null ? WithoutIdentity : WithIdentity;
        parameters.AddTo(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var recent = new List<Touchpoint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            recent.Add(TouchpointStore.Read(reader));
        }
        await reader.NextResultAsync(cancellationToken);
        var handoff = await reader.ReadAsync(cancellationToken) ? HandoffStore.Read(reader) : null;
        string? customer = null;
        if (identity is not null && await reader.NextResultAsync(cancellationToken) && await reader.ReadAsync(cancellationToken))
        {
            customer = reader.GetString(0);
        }
        return new TurnStart(recent, handoff, customer);
    }
}
