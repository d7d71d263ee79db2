using SupportBot.Customers;
using SupportBot.Settings;

namespace SupportBot.Channels.Teams;

internal static class TeamsServices
{
    /// The roster lookup behind customers' Teams profiles, and the background upload of accepted file offers (whose
    /// hosted service the host starts after the store's migrations).
    public static IServiceCollection AddTeamsMembersAndUploads(this IServiceCollection services)
    {
        services.AddSettings<TeamsMembersOptions>(TeamsMembersOptions.Section);
        services.AddSingleton<TeamsMemberLookup>();
        services.AddSingleton<ICustomerProfileLookup>(sp => sp.GetRequiredService<TeamsMemberLookup>());
        services.AddHostedService(sp => sp.GetRequiredService<TeamsMemberLookup>());
        services.AddSingleton<TeamsFileUploads>();
        return services;
    }
}
