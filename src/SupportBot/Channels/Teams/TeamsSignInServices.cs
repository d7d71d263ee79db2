using SupportBot.Conversations;
using SupportBot.Settings;

namespace SupportBot.Channels.Teams;

internal static class TeamsSignInServices
{
    public static IServiceCollection AddTeamsSignIn(this IServiceCollection services)
    {
        services.AddSettings<TeamsSignInOptions>(TeamsSignInOptions.Section);
        services.AddSingleton<TeamsSignIn>();
        services.AddSingleton<IMessageGate>(sp => sp.GetRequiredService<TeamsSignIn>());
        services.AddSingleton<TeamsSignInInvokes>();
        return services;
    }
}
