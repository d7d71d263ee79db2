using System.Runtime.InteropServices;
using Dapper;
using SupportBot.Storage;

namespace SupportBot.Knowledge;

/// Section vectors as embedded, per model, so that a restart or a re-ingestion pays only for new or changed
/// sections. A cached vector stands while the text its section is embedded as hashes the same.
internal sealed class SectionVectorStore(Database database, TimeProvider time)
{
    public async Task<IReadOnlyDictionary<string, CachedVector>> LoadAsync(string model, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string SectionId, string TextHash, byte[] Vector)>(
            "SELECT section_id, text_hash, vector FROM kb_section_vectors WHERE model = @model", new { model });
        return rows.ToDictionary(r => r.SectionId, r => new CachedVector(r.TextHash, ToFloats(r.Vector)), StringComparer.Ordinal);
    }

    public async Task SaveAsync(string model, IReadOnlyList<(string SectionId, string TextHash, float[] Vector)> vectors, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow().ToString("O");
        await connection.ExecuteAsync(
            """
            INSERT INTO kb_section_vectors (section_id, model, text_hash, vector, embedded_at)
            VALUES (@SectionId, @model, @TextHash, @Vector, @now)
            ON CONFLICT (section_id, model) DO UPDATE SET text_hash = excluded.text_hash, vector = excluded.vector, embedded_at = excluded.embedded_at
            """,
            vectors.Select(v => new { v.SectionId, model, v.TextHash, Vector = ToBytes(v.Vector), now }),
            transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    /// Drops the vectors of sections no longer in the store (articles removed, or headings renamed).
    public async Task PruneAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM kb_section_vectors WHERE section_id NOT IN (SELECT id FROM kb_sections)");
    }

    // Raw float32 in the machine's byte order: little-endian on x64 and Arm64, as the migration states.
    private static byte[] ToBytes(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

    private static float[] ToFloats(byte[] blob) => MemoryMarshal.Cast<byte, float>(blob).ToArray();
}

internal sealed record CachedVector(string TextHash, float[] Vector);
