using Dapper;
using Microsoft.Extensions.Options;
using SupportBot.Customers;
using SupportBot.Storage;
using SupportBot.Touchpoints.External;

namespace SupportBot.Touchpoints;

/// Deletes touchpoints older than their kind's `Touchpoints:Retention:<kind>` days, and what customers wrote outside
/// the log as old as their messages (CustomerTextRetention), and forgets old Idempotency-Keys and erased customers,
/// every `RetentionIntervalMinutes`. Each run that deletes anything is logged and audited with its counts.
internal sealed partial class TouchpointRetention(
    Database database, PrivacyAudit audit, IErasedConversations forgotten, IOptions<TouchpointsOptions> options, TimeProvider time,
    ILogger<TouchpointRetention> logger)
    : BackgroundService
{
    public const string Actor = "retention";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.RetentionIntervalMinutes), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    /// Deletes what is due now; returns the touchpoints deleted per kind.
    public async Task<IReadOnlyDictionary<string, int>> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var deleted = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var (kind, days) in settings.Retention.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            // Timestamps are stored as round-trip UTC strings of one length, so they compare as text.
            var cutoff = (now - TimeSpan.FromDays(days)).UtcDateTime.ToString("O");
            deleted[kind] = await connection.ExecuteAsync("DELETE FROM touchpoints WHERE kind = @kind AND occurred_at < @cutoff", new { kind, cutoff });
        }
        var outside = new Dictionary<string, int>(StringComparer.Ordinal);
        if (settings.Retention.TryGetValue(TouchpointKind.CustomerMessage, out var customerTextDays))
        {
            var (conversations, counts) = await CustomerTextRetention.RunAsync(connection, now - TimeSpan.FromDays(customerTextDays));
            await forgotten.ForgetAsync(conversations);
            outside = counts.Where(c => c.Value > 0).ToDictionary(StringComparer.Ordinal);
        }
        var keys = await IdempotencyKeys.ForgetOlderThanAsync(connection, now - TimeSpan.FromHours(settings.IdempotencyHours));
        await ErasedCustomers.ForgetOlderThanAsync(connection, now - ErasedCustomers.KeptFor);
        if (deleted.Values.Any(d => d > 0) || outside.Count > 0)
        {
            var detail = string.Join(" ", deleted.Concat(outside).Select(d => $"{d.Key}={d.Value}"));
            await audit.RecordAsync(PrivacyAudit.Retention, Actor, detail, cancellationToken);
            LogDeleted(logger, detail, keys);
        }
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted what was older than its limit: {Deleted}; forgot {Keys} idempotency keys")]
    private static partial void LogDeleted(ILogger logger, string deleted, int keys);

    [LoggerMessage(Level = LogLevel.Error, Message = "The retention run failed; it is tried again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
