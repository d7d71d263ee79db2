using SupportBot.Settings;

namespace SupportBot.Doctor;

internal static class DoctorServices
{
    /// The deployment's checks, for the doctor command and (as warnings) at start: DoctorAtStart, started by
    /// Hosting/StartupSequence.
    public static IServiceCollection AddDoctor(this IServiceCollection services)
    {
        services.AddSettings<DoctorOptions>(DoctorOptions.Section);
        services.AddSingleton<DeploymentDoctor>();
        return services;
    }
}
