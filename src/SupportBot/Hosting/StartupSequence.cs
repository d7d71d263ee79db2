using SupportBot.Agents;
using SupportBot.Channels.BotFramework;
using SupportBot.Channels.DirectLine;
using SupportBot.Channels.Teams;
using SupportBot.Conversations;
using SupportBot.Doctor;
using SupportBot.Handoff;
using SupportBot.Storage;
using SupportBot.Telemetry;
using SupportBot.Touchpoints;

namespace SupportBot.Hosting;

/// Every hosted service of the host, in the one place that states their order. The host starts them one after the
/// other in registration order (awaiting each StartAsync, so the migration finishes before anything after it starts)
/// and stops them in reverse. Features register the services these resolve; none registers a hosted service itself.
internal static class StartupSequence
{
    public static IServiceCollection AddStartupSequence(this IServiceCollection services)
    {
        // 1. Watchers that touch nothing at start: each waits on a timer, a signal, a subscription or a queue
        //    before its first read, so they may start before the schema is there.
        services.AddHostedService<DoctorAtStart>();
        services.AddHostedService<StoreProbe>();
        services.AddHostedService(sp => sp.GetRequiredService<HandoffRouter>());
        services.AddHostedService(sp => sp.GetRequiredService<SlaMonitor>());
        services.AddHostedService<InboundActivityPruning>();
        services.AddHostedService<DirectLineRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<ForgottenConversations>());
        services.AddHostedService<DirectLineEviction>();
        services.AddHostedService(sp => sp.GetRequiredService<TeamsMemberLookup>());

        // 2. Migrate the store, then ingest the knowledge folder (or load the index).
        services.AddHostedService<StoreInitializer>();

        // 3. What reads the migrated store at once.
        services.AddHostedService<AgentAccountSeeder>();
        services.AddHostedService<ConnectorOutboxDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<TeamsFileUploads>());
        // Takes over the turns an instance accepted but did not finish.
        services.AddHostedService<InboundRecovery>();
        services.AddHostedService(sp => sp.GetRequiredService<TouchpointRetention>());
        // Its first sample reads the handoffs table.
        services.AddHostedService<HandoffQueueSampler>();

        // 4. Last, so that it stops first: accepted turns finish while what they use is still running.
        services.AddHostedService<TurnDrain>();
        return services;
    }
}
