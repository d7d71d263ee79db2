using Microsoft.Extensions.Options;
using SupportBot.Settings;

namespace SupportBot.Storage;

internal static class StorageServices
{
    /// The store (SQLite or PostgreSQL, Storage:Provider) behind `Database`, its migrations, the readiness check and
    /// the 503 answer while it is out of reach. The migration and the probe start in Hosting/StartupSequence.
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddSettings<StorageOptions>(StorageOptions.Section);
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: [StoreHealthCheck.ReadyTag]);
        services.AddSingleton(sp => new Database(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<IHostEnvironment>().ContentRootPath, sp.GetRequiredService<ILogger<Database>>()));
        services.AddSingleton<Migrator>();
        services.AddExceptionHandler<StoreUnavailableHandler>();
        return services;
    }
}
