using Microsoft.Data.Sqlite;
using SupportBot.Knowledge;

namespace SupportBot.Benchmarks;

/// The same sections in an in-memory SQLite FTS5 table ranked by bm25(): the alternative docs/retrieval.md weighs
/// against Lucene. Title and heading go in "title" the way KnowledgeIndex composes them, the text in "body".
/// FTS5's bm25() adds a term's frequencies over the columns and normalises by the whole row's length, so two
/// columns rank exactly like one (checked: identical top 5 for every dev question), unlike two Lucene fields.
internal sealed class Fts5Index : IDisposable
{
    private const string Create = "CREATE VIRTUAL TABLE kb USING fts5(title, body, tokenize='porter unicode61')";
    private const string Insert = "INSERT INTO kb(rowid, title, body) VALUES ($id, $title, $body)";
    private const string Select = "SELECT rowid FROM kb WHERE kb MATCH $match ORDER BY bm25(kb) LIMIT $top";

    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly SqliteCommand _search;
    private readonly SqliteParameter _match;
    private readonly SqliteParameter _top;

    public Fts5Index(IReadOnlyList<KnowledgeSection> sections)
    {
        Sections = sections;
        _connection.Open();
        using (var create = _connection.CreateCommand())
        {
            create.CommandText = Create;
            create.ExecuteNonQuery();
        }
        using (var transaction = _connection.BeginTransaction())
        using (var insert = _connection.CreateCommand())
        {
            insert.CommandText = Insert;
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var title = insert.Parameters.Add("$title", SqliteType.Text);
            var body = insert.Parameters.Add("$body", SqliteType.Text);
            insert.Prepare();
            for (var i = 0; i < sections.Count; i++)
            {
                var section = sections[i];
                id.Value = i + 1;
                title.Value = section.Heading == section.ArticleTitle ? section.ArticleTitle : $"{section.ArticleTitle}. {section.Heading}";
                body.Value = section.Text;
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        _search = _connection.CreateCommand();
        _search.CommandText = Select;
        _match = _search.Parameters.Add("$match", SqliteType.Text);
        _top = _search.Parameters.Add("$top", SqliteType.Integer);
        _search.Prepare();
    }

    public IReadOnlyList<KnowledgeSection> Sections { get; }

    public static string SqliteVersion()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return connection.ServerVersion;
    }

    /// An FTS5 OR query of the terms, each a quoted string so that FTS5 syntax (AND, NEAR, -, *, :, ^, quotes)
    /// in a customer's words is searched for, never interpreted.
    public static string OrQuery(IEnumerable<string> terms) =>
        string.Join(" OR ", terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

    public IReadOnlyList<KnowledgeSection> Search(string match, int top)
    {
        if (match.Length == 0)
        {
            return [];
        }
        _match.Value = match;
        _top.Value = top;
        var hits = new List<KnowledgeSection>(top);
        using var reader = _search.ExecuteReader();
        while (reader.Read())
        {
            hits.Add(Sections[(int)reader.GetInt64(0) - 1]);
        }
        return hits;
    }

    public void Dispose()
    {
        _search.Dispose();
        _connection.Dispose();
    }
}
