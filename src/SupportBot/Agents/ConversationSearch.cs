using System.Globalization;
using System.Text;
using Dapper;
using SupportBot.Storage;

namespace SupportBot.Agents;

/// Full-text search for the console: conversations by what was said in them (every touchpoint's text, closed
/// conversations too) and customers by id or by an identity's value (e-mail, phone, CRM id, name). SQLite answers
/// from its FTS5 index (touchpoint_search), PostgreSQL from a GIN index over to_tsvector('simple', text); both are
/// kept by the store itself, so an erased customer's words leave the index with their touchpoints.
internal sealed class ConversationSearch(Database database)
{
    public const int MaxPageSize = 50;
    public const int MaxQueryLength = 200;
    // The newest matching touchpoints read per search: grouping them by conversation pages the results. A term so
    // common it matches more than this finds the latest conversations only, which is what an agent wants of it.
    private const int MatchedTouchpoints = 1000;
    private const int MaxTerms = 8;
    private const int SnippetLength = 160;

    /// The words of a query, each letters and digits only: nothing an agent types reaches either engine's query
    /// syntax (FTS5's NEAR, quotes and columns; tsquery's operators).
    public static IReadOnlyList<string> Terms(string query)
    {
        var terms = new List<string>();
        var word = new StringBuilder();
        foreach (var c in query.Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }
            Flush();
        }
        Flush();
        return [.. terms.Distinct(StringComparer.Ordinal).Take(MaxTerms)];

        void Flush()
        {
            if (word.Length > 0)
            {
                terms.Add(word.ToString());
                word.Clear();
            }
        }
    }

    public async Task<SearchResults> SearchAsync(string query, int page, int pageSize, CancellationToken cancellationToken)
    {
        var terms = Terms(query);
        await using var connection = await database.OpenAsync(cancellationToken);
        var conversations = terms.Count == 0 ? [] : await ConversationsAsync(connection, terms, page, pageSize);
        var customers = page == 1 ? await CustomersAsync(connection, query.Trim(), pageSize) : [];
        return new SearchResults(query, page, pageSize, conversations, customers);
    }

    private async Task<List<ConversationHit>> ConversationsAsync(System.Data.Common.DbConnection connection, IReadOnlyList<string> terms, int page, int pageSize)
    {
        // Every term, as a prefix: "refu" finds "refund".
        var sql = database.Provider == StoreProvider.Postgres
            ? $"""
               SELECT id, conversation_id, channel, customer_id, occurred_at, text FROM touchpoints
               WHERE to_tsvector('simple', COALESCE(text, '')) @@ to_tsquery('simple', @match) AND conversation_id <> ''
               ORDER BY id DESC LIMIT {MatchedTouchpoints}
               """
            : $"""
               SELECT t.id, t.conversation_id, t.channel, t.customer_id, t.occurred_at, t.text FROM touchpoints t
               WHERE t.id IN (SELECT rowid FROM touchpoint_search WHERE touchpoint_search MATCH @match ORDER BY rowid DESC LIMIT {MatchedTouchpoints})
                 AND t.conversation_id <> ''
               ORDER BY t.id DESC
               """;
        var match = database.Provider == StoreProvider.Postgres
            ? string.Join(" & ", terms.Select(t => t + ":*"))
            : string.Join(' ', terms.Select(t => $"\"{t}\"*"));
        var rows = await connection.QueryAsync<(long Id, string ConversationId, string Channel, string CustomerId, string OccurredAt, string Text)>(sql, new { match });
        var hits = rows.GroupBy(r => r.ConversationId, StringComparer.Ordinal)
            .Select(g => (Latest: g.First(), Matches: g.Count()))
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .ToList();
        if (hits.Count == 0)
        {
            return [];
        }
        var ids = hits.Select(h => h.Latest.ConversationId).ToList();
        var states = (await connection.QueryAsync<(string ConversationId, string State)>(
            $"SELECT conversation_id, state FROM handoffs WHERE {database.In("conversation_id", "ids")} ORDER BY id", new { ids }))
            .GroupBy(h => h.ConversationId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().State, StringComparer.Ordinal);
        return [.. hits.Select(h => new ConversationHit(
            h.Latest.ConversationId, h.Latest.Channel, h.Latest.CustomerId, DateTimeOffset.Parse(h.Latest.OccurredAt, CultureInfo.InvariantCulture),
            Snippet(h.Latest.Text, terms), h.Matches, states.GetValueOrDefault(h.Latest.ConversationId)))];
    }

    // Customers whose id, or an identity's value, contains the text: few rows, so a bounded scan is enough.
    private static async Task<List<CustomerHit>> CustomersAsync(System.Data.Common.DbConnection connection, string text, int limit)
    {
        if (text.Length < 2)
        {
            return [];
        }
        var like = "%" + text.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        var rows = await connection.QueryAsync<(string CustomerId, string? Kind, string? Value)>(
            $"""
            SELECT c.id, i.kind, i.value FROM customers c LEFT JOIN customer_identities i ON i.customer_id = c.id
            WHERE c.merged_into IS NULL AND (LOWER(c.id) LIKE @like ESCAPE '\' OR LOWER(i.value) LIKE @like ESCAPE '\')
            ORDER BY c.id LIMIT {limit * 4}
            """,
            new { like });
        return [.. rows.GroupBy(r => r.CustomerId, StringComparer.Ordinal)
            .Take(limit)
            .Select(g => new CustomerHit(g.Key, [.. g.Where(r => r.Kind is not null).Select(r => $"{r.Kind}:{r.Value}").Distinct(StringComparer.Ordinal)]))];
    }

    // The text around the first term found, so the agent sees why the conversation matched.
    private static string Snippet(string text, IReadOnlyList<string> terms)
    {
        var at = terms.Select(t => text.IndexOf(t, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var start = Math.Max(0, at - (SnippetLength / 3));
        var end = Math.Min(text.Length, start + SnippetLength);
        return (start > 0 ? "…" : string.Empty) + text[start..end].ReplaceLineEndings(" ") + (end < text.Length ? "…" : string.Empty);
    }
}

internal sealed record ConversationHit(string ConversationId, string Channel, string CustomerId, DateTimeOffset LastMatchAt, string Snippet, int Matches, string? HandoffState);

internal sealed record CustomerHit(string CustomerId, IReadOnlyList<string> Identities);

internal sealed record SearchResults(string Query, int Page, int PageSize, IReadOnlyList<ConversationHit> Conversations, IReadOnlyList<CustomerHit> Customers);
