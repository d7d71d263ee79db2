using StackExchange.Redis;
using SupportBot.Conversations;
using SupportBot.Storage;

namespace SupportBot.Redis;

internal static class RedisServices
{
    /// With Redis:ConnectionString set, instances share the agent hub through Redis (a console on any instance sees
    /// what happens on every other), and /readyz also asks Redis. Without it nothing here is registered.
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
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        // A conversation's turns run on one instance at a time, in arrival order.
        services.AddSingleton<ConversationLocks>();
        services.AddSingleton<ConversationRunner>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [StoreHealthCheck.ReadyTag]);
        services.AddSignalR().AddStackExchangeRedis(hub =>
        {
            hub.Configuration = options.Clone();
            hub.Configuration.ChannelPrefix = RedisChannel.Literal(configuration["Redis:ChannelPrefix"] ?? "supportbot");
        });
        return services;
    }
}
