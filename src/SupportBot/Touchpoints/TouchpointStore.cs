using System.Data.Common;
using System.Text.Json;
using Dapper;
using SupportBot.Storage;

namespace SupportBot.Touchpoints;

/// Append-only log of every exchange. Written in the turn, and the turn waits for the commit: a touchpoint must
/// survive a crash right after the customer saw the answer (on SQLite the commit is shared with concurrent turns').
internal sealed class TouchpointStore(Database database)
{
    private const string Columns =
        "id, occurred_at, conversation_id, channel, customer_id, kind, text, cited_article_ids, confidence, latency_ms, reason, " +
        "activity_id, prompt_tokens, completion_tokens, agent_id, duration_ms";

    private const string Insert =
        """
        INSERT INTO touchpoints (occurred_at, conversation_id, channel, customer_id, kind, text,
                                 cited_article_ids, confidence, latency_ms, reason, activity_id,
                                 prompt_tokens, completion_tokens, agent_id, duration_ms)
        VALUES (@OccurredAt, @ConversationId, @Channel, @CustomerId, @Kind, @Text,
                @Cited, @Confidence, @LatencyMs, @Reason, @ActivityId, @PromptTokens, @CompletionTokens, @AgentId, @DurationMs)
        """;

    public Task AppendAsync(Touchpoint touchpoint, CancellationToken cancellationToken = default) => AppendAsync([touchpoint], cancellationToken);

    /// A turn's touchpoints in one statement, in order: one commit where each would take its own.
    public async Task AppendAsync(IReadOnlyList<Touchpoint> touchpoints, CancellationToken cancellationToken = default)
        => await AppendAsync(touchpoints, null, cancellationToken);

    /// The touchpoints, and with them another statement of the same write (its parameters already in the list):
    /// a turn's reply and the inbox row it completes commit together, in one round trip. A touchpoint records what
    /// has happened (the reply or the agent's message is already out), so on SQLite it is written as a log
    /// (Database.LogHotAsync), after the writes someone is waiting on to be answered.
    public async Task AppendAsync(IReadOnlyList<Touchpoint> touchpoints, (string Sql, PrefixedParameters Parameters)? with, CancellationToken cancellationToken)
    {
        if (touchpoints.Count == 0)
        {
            return;
        }
        var parameters = TouchpointInsert.Bind(touchpoints, with?.Parameters);
        var sql = with is { } also ? TouchpointInsert.With(touchpoints.Count, also.Sql) : TouchpointInsert.For(touchpoints.Count);
        await database.LogHotAsync(sql, parameters, cancellationToken);
    }

    /// Many touchpoints in one transaction: imports and demo data, where one commit per row would take minutes.
    public async Task AppendManyAsync(IEnumerable<Touchpoint> touchpoints, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Insert, touchpoints.Select(Parameters), transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    private static object Parameters(Touchpoint touchpoint) => new
    {
        OccurredAt = Timestamp(touchpoint.OccurredAt),
        touchpoint.ConversationId,
        touchpoint.Channel,
        touchpoint.CustomerId,
        touchpoint.Kind,
        touchpoint.Text,
        Cited = CitedJson(touchpoint),
        touchpoint.Confidence,
        touchpoint.LatencyMs,
        touchpoint.Reason,
        touchpoint.ActivityId,
        touchpoint.PromptTokens,
        touchpoint.CompletionTokens,
        touchpoint.AgentId,
        touchpoint.DurationMs,
    };

    internal static string? CitedJson(Touchpoint touchpoint)
        => touchpoint.CitedArticleIds.Count == 0 ? null : JsonSerializer.Serialize(touchpoint.CitedArticleIds, TouchpointJson.Default.IReadOnlyListString);

    /// A customer's rating of an answer (a feedback touchpoint naming the rated activity): one per answer and
    /// customer, so pressing twice counts once and a changed mind replaces the earlier rating.
    public async Task RateAsync(Touchpoint rating, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rating.ActivityId);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO touchpoints (occurred_at, conversation_id, channel, customer_id, kind, text, reason, activity_id)
            VALUES (@OccurredAt, @ConversationId, @Channel, @CustomerId, 'feedback', @Text, @Reason, @ActivityId)
            ON CONFLICT (conversation_id, activity_id, customer_id) WHERE kind = 'feedback' AND activity_id IS NOT NULL
            DO UPDATE SET occurred_at = excluded.occurred_at, text = excluded.text, reason = excluded.reason
            """,
            new { OccurredAt = Timestamp(rating.OccurredAt), rating.ConversationId, rating.Channel, rating.CustomerId, rating.Text, rating.Reason, rating.ActivityId },
            cancellationToken: cancellationToken));
    }

    /// The latest touchpoints of a conversation, oldest first.
    public async Task<IReadOnlyList<Touchpoint>> GetRecentAsync(string conversationId, int count, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TouchpointRow>(RecentSql(count), RecentParameters(new PrefixedParameters(), conversationId));
        return ToTouchpoints(rows);
    }

    /// The statement of GetRecentAsync, for a caller that reads it together with others in one round trip. The count
    /// is written into the text rather than bound: SQLite plans a LIMIT with the value bound to it, so a statement
    /// with a bound limit is compiled again every time it runs, which kept prepared it must not be.
    internal static string RecentSql(int count) =>
        $"SELECT * FROM (SELECT {Columns} FROM touchpoints WHERE conversation_id = @ConversationId ORDER BY id DESC LIMIT {count}) AS recent ORDER BY id";

    internal static PrefixedParameters RecentParameters(PrefixedParameters parameters, string conversationId)
        => parameters.Add("@ConversationId", conversationId);

    /// One row of the recent statement, read by position: Dapper probes every column's type to key its cache, and
    /// on SQLite that probe allocates for each column of an empty result, as a new conversation's is.
    internal static Touchpoint Read(DbDataReader r) => new TouchpointRow(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetStringOrNull(6), r.GetStringOrNull(7),
        r.GetDoubleOrNull(8), r.GetDoubleOrNull(9), r.GetStringOrNull(10), r.GetStringOrNull(11), r.GetInt64OrNull(12), r.GetInt64OrNull(13),
        r.GetStringOrNull(14), r.GetDoubleOrNull(15)).ToTouchpoint();

    private static Touchpoint[] ToTouchpoints(IEnumerable<TouchpointRow> rows)
    {
        var list = rows as List<TouchpointRow> ?? [.. rows];
        var touchpoints = new Touchpoint[list.Count];
        for (var i = 0; i < touchpoints.Length; i++)
        {
            touchpoints[i] = list[i].ToTouchpoint();
        }
        return touchpoints;
    }

    /// A customer's latest touchpoints across all their conversations and channels, oldest first: their journey.
    public async Task<IReadOnlyList<Touchpoint>> GetCustomerAsync(string customerId, int count, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TouchpointRow>(
            $"SELECT * FROM (SELECT {Columns} FROM touchpoints WHERE customer_id = @customerId ORDER BY id DESC LIMIT @count) AS recent ORDER BY id",
            new { customerId, count });
        return [.. rows.Select(r => r.ToTouchpoint())];
    }

    public async Task<IReadOnlyList<Touchpoint>> GetConversationAsync(string conversationId, CancellationToken cancellationToken = default)
        => await GetRecentAsync(conversationId, int.MaxValue, cancellationToken);

    /// Every touchpoint of the conversations whose first customer message fell in [from, to), optionally on one
    /// channel, in order. A conversation belongs to the day it started, so its later survey still counts with it.
    public async Task<IReadOnlyList<Touchpoint>> GetConversationsStartedAsync(
        DateTimeOffset from, DateTimeOffset to, string? channel, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TouchpointRow>(
            $"""
            SELECT {Columns} FROM touchpoints
            WHERE conversation_id IN (SELECT conversation_id FROM touchpoints WHERE kind = @Kind GROUP BY conversation_id
                                      HAVING MIN(occurred_at) >= @From AND MIN(occurred_at) < @To)
              {(channel is null ? "" : "AND channel = @Channel")}
            ORDER BY conversation_id, id
            """,
            new { Kind = TouchpointKind.CustomerMessage, From = Timestamp(from), To = Timestamp(to), Channel = channel });
        return [.. rows.Select(r => r.ToTouchpoint())];
    }

    /// Every touchpoint that occurred in [from, to), on one channel or all, in time order, read row by row as the
    /// caller takes them: an export of a year's log never sits in memory whole.
    public async IAsyncEnumerable<Touchpoint> StreamAsync(
        DateTimeOffset from, DateTimeOffset to, string? channel, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = connection.QueryUnbufferedAsync<TouchpointRow>(
            $"""
            SELECT {Columns} FROM touchpoints
            WHERE occurred_at >= @From AND occurred_at < @To {(channel is null ? "" : "AND channel = @Channel")}
            ORDER BY occurred_at, id
            """,
            new { From = Timestamp(from), To = Timestamp(to), Channel = channel });
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row.ToTouchpoint();
        }
    }

    /// How occurred_at is stored: UTC, round-trip format, so that text order is time order.
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record TouchpointRow(
        long id, string occurred_at, string conversation_id, string channel, string customer_id, string kind,
        string? text, string? cited_article_ids, double? confidence, double? latency_ms, string? reason, string? activity_id,
        long? prompt_tokens, long? completion_tokens, string? agent_id, double? duration_ms)
    {
        public Touchpoint ToTouchpoint() => new()
        {
            Id = id,
            OccurredAt = DateTimeOffset.Parse(occurred_at, System.Globalization.CultureInfo.InvariantCulture),
            ConversationId = conversation_id,
            Channel = channel,
            CustomerId = customer_id,
            Kind = kind,
            Text = text,
            CitedArticleIds = cited_article_ids is null ? [] : JsonSerializer.Deserialize(cited_article_ids, TouchpointJson.Default.StringArray) ?? [],
            Confidence = confidence,
            LatencyMs = latency_ms,
            Reason = reason,
            ActivityId = activity_id,
            PromptTokens = (int?)prompt_tokens,
            CompletionTokens = (int?)completion_tokens,
            AgentId = agent_id,
            DurationMs = duration_ms,
        };
    }
}
