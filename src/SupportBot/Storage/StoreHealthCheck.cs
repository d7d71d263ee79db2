using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SupportBot.Storage;

/// Ready means the store answers a query; /healthz only says the process is up.
internal sealed class StoreHealthCheck(Database database) : IHealthCheck
{
    public const string ReadyTag = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!database.Availability.IsAvailable)
        {
            return HealthCheckResult.Unhealthy("The store does not answer.");
        }
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is DbException or IOException or InvalidOperationException or TimeoutException)
        {
            database.Availability.Report(ex);
            return HealthCheckResult.Unhealthy("The store does not answer.", ex);
        }
    }
}
