using SupportBot.Conversations;
using SupportBot.Customers;
using SupportBot.Handoff;
using SupportBot.Settings;

namespace SupportBot.Channels.Teams;

internal static class TeamsServices
{
    /// What Teams adds to the Bot Framework channel: the app package, files customers send and files sent to them by
    /// consent card, invokes, the roster lookup and single sign-on.
    public static IServiceCollection AddTeamsChannel(this IServiceCollection services)
    {
        services.AddSettings<TeamsAppOptions>(TeamsAppOptions.Section);
        services.AddSettings<TeamsFilesOptions>(TeamsFilesOptions.Section);
        // Redirects are not followed: a trusted host's answer must not send the bot (or its token) anywhere else.
        services.AddHttpClient(TeamsFiles.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<TeamsFiles>();
        services.AddSingleton<IInboundFiles>(sp => sp.GetRequiredService<TeamsFiles>());
        services.AddSingleton<TeamsFileOffers>();
        services.AddSingleton<TeamsFileAnswers>();
        services.AddSingleton<TeamsFileConsent>();
        services.AddSingleton<IAgentFileDelivery, TeamsAgentFileDelivery>();
        services.AddSingleton<TeamsInvokes>();
        services.AddTeamsMembersAndUploads();
        services.AddTeamsSignIn();
        return services;
    }

    /// The roster lookup behind customers' Teams profiles, and the background upload of accepted file offers (both
    /// started as hosted services by Hosting/StartupSequence).
    private static IServiceCollection AddTeamsMembersAndUploads(this IServiceCollection services)
    {
        services.AddSettings<TeamsMembersOptions>(TeamsMembersOptions.Section);
        services.AddSingleton<TeamsMemberLookup>();
        services.AddSingleton<ICustomerProfileLookup>(sp => sp.GetRequiredService<TeamsMemberLookup>());
        services.AddSingleton<TeamsFileUploads>();
        return services;
    }
}
