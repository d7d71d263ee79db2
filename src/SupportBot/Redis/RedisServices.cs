using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;
using SupportBot.Settings;
using SupportBot.Storage;

namespace SupportBot.Redis;

internal static class RedisServices
{
    /// With Redis:ConnectionString set, instances share the agent hub through Redis (a console on any instance sees
    /// what happens on every other) and the data-protection keys, and /readyz also asks Redis. Without it nothing here is registered.
    public static IServiceCollection AddRedis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<RedisOptions>(RedisOptions.Section);
        var redis = configuration.ReadSettings<RedisOptions>(RedisOptions.Section);
        if (!redis.IsConfigured)
        {
            return services;
        }
        var options = ConfigurationOptions.Parse(redis.ConnectionString);
        // Start even while Redis is down and reconnect by itself; /readyz says 503 meanwhile.
        options.AbortOnConnectFail = false;
        options.ClientName ??= "supportbot";
        // While Redis is out of reach, commands fail at once instead of queueing until a timeout: no request waits
        // on Redis, and what needs it falls back (presence to this instance's view, Direct Line notices to a catch-up).
        options.BacklogPolicy = BacklogPolicy.FailFast;
        // Try again every second rather than backing off up to tens of seconds: an attempt costs one connect, and
        // the instance is back in service as soon as Redis is.
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var connection = ConnectionMultiplexer.Connect(options);
            RedisOutageLog.Watch(connection, sp.GetRequiredService<ILogger<RedisOutageLog>>());
            return connection;
        });
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [StoreHealthCheck.ReadyTag]);
        // The console's cookie and antiforgery tokens are protected with data-protection keys: kept in Redis, every
        // instance reads what any other wrote (with keys of its own, a console cookie works on one instance only).
        var keys = (RedisKey)redis.Name("dataprotection-keys");
        services.AddDataProtection().SetApplicationName("supportbot");
        services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>(
            (management, redis) => management.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), keys));
        services.AddSignalR().AddStackExchangeRedis(hub =>
        {
            hub.Configuration = options.Clone();
            hub.Configuration.ChannelPrefix = RedisChannel.Literal(redis.ChannelPrefix);
        });
        return services;
    }
}
