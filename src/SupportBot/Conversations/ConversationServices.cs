using SupportBot.Redis;
using SupportBot.Settings;

namespace SupportBot.Conversations;

internal static class ConversationServices
{
    /// The durable inbox, the turn handler and its activity handlers, what happens to a message after the fact, and
    /// per-conversation order: lanes on one instance, plus a lock in Redis when Redis is configured. The inbox's
    /// pruning, its recovery and the turn drain start in Hosting/StartupSequence.
    public static IServiceCollection AddConversations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<InboxOptions>(InboxOptions.Section)
            .Validate(o => o.RecoveryInterval * 2 <= o.Lease, "Conversations:Inbox:RecoveryInterval must be at most half the Lease, so leases are renewed in time.");
        services.AddSingleton<InboundActivities>();
        services.AddSingleton<PendingTurns>();
        services.AddSingleton<FeedbackRecorder>();
        services.AddSingleton<TurnStartReader>();
        services.AddSingleton<EarlierRun>();
        services.AddSingleton<TurnHandler>();
        services.AddActivityHandlers();
        services.AddSingleton<ConversationDepartures>();
        services.AddSingleton<MessageLifecycle>();
        services.AddSingleton<CustomerMessageChanges>();
        if (configuration.ReadSettings<RedisOptions>(RedisOptions.Section).IsConfigured)
        {
            // A conversation's turns run on one instance at a time, in arrival order, under a lock in Redis.
            services.AddSingleton<ConversationLocks>();
            services.AddSingleton<ConversationRunner>();
        }
        services.AddSingleton<ConversationLanes>();
        services.AddSingleton<TurnDispatcher>();
        return services;
    }
}
