namespace SupportBot.Agents;

internal static class AgentServices
{
    /// The agent API, the console's sign-in and its live hub. AgentAccountSeeder is registered by the host after
    /// the store is migrated.
    public static IServiceCollection AddAgents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AgentPresence>();
        services.AddSingleton<AgentAccountStore>();
        services.AddSingleton<AgentDirectory>();
        services.AddSingleton<HandoffNotifier>();
        services.AddSignalR();
        services.AddAntiforgery(options =>
        {
            options.HeaderName = AntiforgeryCheck.Header;
            options.Cookie.Name = "supportbot.antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        });
        services.AddAgentAuthentication(configuration.GetSection(AgentOptions.Section).Get<AgentOptions>() ?? new AgentOptions());
        return services;
    }
}
