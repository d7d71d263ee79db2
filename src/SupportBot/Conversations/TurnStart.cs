using System.Data.Common;
using SupportBot.Customers;
using SupportBot.Handoff;
using SupportBot.Storage;
using SupportBot.Touchpoints;

namespace SupportBot.Conversations;

/// What a customer message's turn reads before it answers: the conversation's recent touchpoints, its open
/// handoff, and the customer the sender's identity already names (null when not seen yet, or nobody is named).
internal sealed record TurnStart(IReadOnlyList<Touchpoint> Recent, HandoffRecord? OpenHandoff, string? KnownCustomer);

/// Reads a TurnStart in one round trip: the three stores' statements in one command, rows mapped by the stores. Every
/// customer message reads it, so on SQLite it runs on the writer connection, whose page cache stays warm, prepared
/// once (Database.RunHotAsync).
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
        return identity is null
            ? await database.ReadHotAsync(WithoutIdentity, parameters, static (reader, token) => ReadAsync(reader, false, token), cancellationToken)
            : await database.ReadHotAsync(WithIdentity, parameters, static (reader, token) => ReadAsync(reader, true, token), cancellationToken);
    }

    private static async Task<TurnStart> ReadAsync(DbDataReader reader, bool withIdentity, CancellationToken cancellationToken)
    {
        var recent = new List<Touchpoint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            recent.Add(TouchpointStore.Read(reader));
        }
        await reader.NextResultAsync(cancellationToken);
        var handoff = await reader.ReadAsync(cancellationToken) ? HandoffStore.Read(reader) : null;
        string? customer = null;
        if (withIdentity && await reader.NextResultAsync(cancellationToken) && await reader.ReadAsync(cancellationToken))
        {
            customer = reader.GetString(0);
        }
        return new TurnStart(recent, handoff, customer);
    }
}
