using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace SupportBot.Touchpoints.External;

/// The responses given to posts under an Idempotency-Key, per caller, so a retried post gets the same answer and
/// stores nothing twice. Used inside the transaction that stores the post.
internal static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 255;

    /// The earlier post under this key, or null after claiming the key for this one.
    public static async Task<IdempotentPost?> ClaimAsync(DbConnection connection, DbTransaction transaction, string caller, string key, string requestHash, DateTimeOffset now)
    {
        var earlier = await connection.QuerySingleOrDefaultAsync<IdempotentPost>(
            "SELECT request_hash AS RequestHash, status AS Status, response AS Response FROM idempotency_keys WHERE caller = @caller AND key = @key",
            new { caller, key },
            transaction);
        if (earlier is not null)
        {
            return earlier;
        }
        var claimed = await connection.ExecuteAsync(
            """
            INSERT INTO idempotency_keys (caller, key, request_hash, created_at) VALUES (@caller, @key, @requestHash, @at)
            ON CONFLICT (caller, key) DO NOTHING
            """,
            new { caller, key, requestHash, at = now.UtcDateTime.ToString("O") },
            transaction);
        // Another post under the same key got there first and is still running.
        return claimed == 1 ? null : new IdempotentPost(requestHash, null, null);
    }

    public static Task CompleteAsync(DbConnection connection, DbTransaction transaction, string caller, string key, int status, string response)
        => connection.ExecuteAsync(
            "UPDATE idempotency_keys SET status = @status, response = @response WHERE caller = @caller AND key = @key",
            new { caller, key, status, response },
            transaction);

    /// Forgets the answers that name these customers, when they are erased. A replay must give the customer id the post
    /// resolved to, byte for byte, so the answer keeps it; it goes with the customer rather than waiting out the hours.
    public static async Task<int> ForgetCustomersAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> customerIds)
    {
        var forgotten = 0;
        foreach (var id in customerIds)
        {
            // The id as the answer's JSON spells it (PostedTouchpoint.CustomerId), LIKE's wildcards taken literally.
            var named = $"\"customerId\":{JsonSerializer.Serialize(id, JsonSerializerOptions.Web)}";
            var pattern = "%" + named.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";
            forgotten += await connection.ExecuteAsync(@"DELETE FROM idempotency_keys WHERE response LIKE @pattern ESCAPE '\'", new { pattern }, transaction);
        }
        return forgotten;
    }

    public static async Task<int> ForgetOlderThanAsync(DbConnection connection, DateTimeOffset cutoff)
        => await connection.ExecuteAsync("DELETE FROM idempotency_keys WHERE created_at < @cutoff", new { cutoff = cutoff.UtcDateTime.ToString("O") });
}

internal sealed record IdempotentPost(string RequestHash, long? Status, string? Response);
