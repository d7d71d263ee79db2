using Microsoft.Extensions.Options;
using SupportBot.Settings;

namespace SupportBot.Settings;

/// How every feature binds its section: read from configuration, checked against its data annotations, and checked
/// at start, so a wrong setting stops the host with the setting named instead of failing on first use.
internal static class SettingsBinding
{
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section) where T : class
        => services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
