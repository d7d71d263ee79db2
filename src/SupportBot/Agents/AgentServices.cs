using SupportBot.Handoff;
using SupportBot.Settings;
namespace SupportBot.Agents;

internal static class AgentServices
{
    /// The agent API, the console's sign-in and its live hub. AgentAccountSeeder starts in Hosting/StartupSequence,
    /// after the store is migrated.
    public static IServiceCollection AddAgents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<AgentOptions>(AgentOptions.Section);
        services.AddSingleton<AgentPresence>();
        services.AddSingleton<AgentAccountStore>();
        services.AddSingleton<AgentDirectory>();
        services.AddSingleton<IAgentLookup>(sp => sp.GetRequiredService<AgentDirectory>());
        services.AddSingleton<ConsoleAccounts>();
        services.AddSingleton<AccountChanges>();
        services.AddSingleton<EntraIdAccounts>();
        services.AddHttpClient(nameof(EntraIdAppRoles), client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<EntraIdAppRoles>(
            sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(EntraIdAppRoles))));
        services.AddSingleton<HandoffNotifier>();
        services.AddSingleton<IHandoffEvents>(sp => sp.GetRequiredService<HandoffNotifier>());
        services.AddSingleton<CannedResponseStore>();
        services.AddSingleton<PrivateNotes>();
        services.AddAgentConsole();
        services.AddSingleton<AgentRoutingStore>();
        services.AddSingleton<AgentAvailability>();
        services.AddSingleton<IAgentAvailability>(sp => sp.GetRequiredService<AgentAvailability>());
        services.AddSingleton<AgentReports>();
        services.AddSignalR();
        services.AddAntiforgery(options =>
        {
            options.HeaderName = AntiforgeryCheck.Header;
            options.Cookie = new ConsoleCookieBuilder
            {
                Name = "supportbot.antiforgery",
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                SecurePolicy = CookieSecurePolicy.SameAsRequest,
                IsEssential = true,
            };
        });
        services.AddAgentAuthentication(configuration.ReadSettings<AgentOptions>(AgentOptions.Section));
        return services;
    }
}
