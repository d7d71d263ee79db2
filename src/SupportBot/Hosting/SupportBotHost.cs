using Microsoft.Extensions.Configuration.Json;
using SupportBot.Limits;

namespace SupportBot.Hosting;

/// The host every entry point starts from: the web server and each command build the same configuration and services.
internal static class SupportBotHost
{
    /// <param name="overrides">Settings a command fixes whatever the configuration says (for example eval's scratch store).</param>
    public static WebApplicationBuilder CreateBuilder(string[] hostArgs, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(hostArgs);
        // The root appsettings.json is linked beside the binaries; it sits under every other source so that
        // environment variables and the command line still override it.
        var linkedSettings = new JsonConfigurationSource { Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Optional = true };
        linkedSettings.ResolveFileProvider();
        builder.Configuration.Sources.Insert(0, linkedSettings);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }
        builder.AddSupportBot();
        builder.AddLimits();
        builder.Services.AddProxyHeaders(builder.Configuration);
        return builder;
    }
}
