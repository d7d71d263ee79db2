using Dapper;
using SupportBot.Storage;

namespace SupportBot.Knowledge;

/// Articles and sections as ingested; the search index is rebuilt from here, so the store is the source of truth.
internal sealed class KnowledgeStore(Database database, TimeProvider time)
{
    public async Task<IReadOnlyDictionary<string, string>> GetHashesBySourcePathAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string SourcePath, string Hash)>("SELECT source_path, content_hash FROM kb_articles");
        return rows.ToDictionary(r => r.SourcePath, r => r.Hash, StringComparer.Ordinal);
    }

    public async Task SaveAsync(IReadOnlyCollection<KnowledgeArticle> changed, IReadOnlyCollection<string> removedSourcePaths, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow().ToString("O");
        foreach (var path in removedSourcePaths)
        {
            await connection.ExecuteAsync("DELETE FROM kb_articles WHERE source_path = @path", new { path }, transaction);
        }
        foreach (var article in changed)
        {
            // A file may have been renamed onto another article id (front matter id): clear both.
            await connection.ExecuteAsync("DELETE FROM kb_articles WHERE id = @Id OR source_path = @SourcePath", article, transaction);
            await connection.ExecuteAsync(
                """
                INSERT INTO kb_articles (id, title, source_path, format, content_hash, body, ingested_at, subject, category, language)
                VALUES (@Id, @Title, @SourcePath, @Format, @ContentHash, @Body, @now, @Subject, @Category, @Language)
                """,
                new { article.Id, article.Title, article.SourcePath, article.Format, article.ContentHash, article.Body, now, article.Subject, article.Category, article.Language },
                transaction);
            await connection.ExecuteAsync(
                "INSERT INTO kb_sections (id, article_id, anchor, heading, text, position) VALUES (@Id, @ArticleId, @Anchor, @Heading, @Text, @Position)",
                article.Sections,
                transaction);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<KnowledgeSection>> LoadSectionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SectionRow>(
            """
            SELECT s.id AS Id, s.article_id AS ArticleId, a.title AS ArticleTitle, s.anchor AS Anchor,
                   s.heading AS Heading, s.text AS Text, s.position AS Position, a.subject AS Subject, a.category AS Category, a.language AS Language
            FROM kb_sections s JOIN kb_articles a ON a.id = s.article_id
            ORDER BY s.article_id, s.position
            """);
        return [.. rows.Select(r => new KnowledgeSection(r.Id, r.ArticleId, r.ArticleTitle, r.Anchor, r.Heading, r.Text, (int)r.Position, r.Subject, r.Category, r.Language))];
    }

    public async Task<StoredArticle?> GetArticleAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StoredArticle>(
            "SELECT id AS Id, title AS Title, format AS Format, body AS Body FROM kb_articles WHERE id = @id", new { id });
    }
}

// Integers come back as Int64 (SQLite INTEGER, PostgreSQL BIGINT).
file sealed record SectionRow(string Id, string ArticleId, string ArticleTitle, string Anchor, string Heading, string Text, long Position, string? Subject, string? Category, string? Language);

internal sealed record StoredArticle(string Id, string Title, string Format, string Body);
