using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;
using SupportBot.Conversations;
using SupportBot.Storage;

namespace SupportBot.Redis;

internal static class RedisServices
{
    /// With Redis:ConnectionString set, instances share the agent hub through Redis (a console on any instance sees
    /// what happens on every other) and the data-protection keys, and /readyz also asks Redis. Without it nothing here is registered.
    public static IServiceCollection AddRedis(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration["Redis:ConnectionString"];
        if (string.IsNullOrEmpty(connectionString))
        {
            return services;
        }
        var options = ConfigurationOptions.Parse(connectionString);
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
            var redis = ConnectionMultiplexer.Connect(options);
            RedisOutageLog.Watch(redis, sp.GetRequiredService<ILogger<RedisOutageLog>>());
            return redis;
        });
        // A conversation's turns run on one instance at a time, in arrival order.
        services.AddSingleton<ConversationLocks>();
        services.AddSingleton<ConversationRunner>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [StoreHealthCheck.ReadyTag]);
        // The console's cookie and antiforgery tokens are protected with data-protection keys: kept in Redis, every
        // instance reads what any other wrote (with keys of its own, a console cookie works on one instance only).
        var keys = (RedisKey)$"{configuration["Redis:ChannelPrefix"] ?? "supportbot"}:dataprotection-keys";
        services.AddDataProtection().SetApplicationName("supportbot");
        services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>(
            (management, redis) => management.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), keys));
        services.AddSignalR().AddStackExchangeRedis(hub =>
        {
            hub.Configuration = options.Clone();
            hub.Configuration.ChannelPrefix = RedisChannel.Literal(configuration["Redis:ChannelPrefix"] ?? "supportbot");
        });
        return services;
    }
}
