using Microsoft.Extensions.Options;

namespace SupportBot.Settings;

/// How every feature binds its section: read from configuration, checked against its data annotations, and checked
/// at start, so a wrong setting stops the host with the setting named instead of failing on first use.
internal static class SettingsBinding
{
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section) where T : class
        => services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();

    /// A section read while the services are still being registered (whether Redis is configured, the server's body
    /// limit): the defaults when the section is absent. Validation still happens through AddSettings at start.
    public static T ReadSettings<T>(this IConfiguration configuration, string section) where T : new()
        => configuration.GetSection(section).Get<T>() ?? new T();
}
