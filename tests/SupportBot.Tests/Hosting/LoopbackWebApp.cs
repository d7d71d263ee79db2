using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SupportBot.Tests.Hosting;

/// The web app every fake of an outside service runs on: Kestrel on a free loopback port, no logging of its own.
internal static class LoopbackWebApp
{
    /// An app to map the fake's routes on before starting it.
    public static WebApplication Create()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder.Build();
    }

    /// Starts the app and returns the address it listens on ("http://127.0.0.1:port", no trailing slash).
    public static async Task<string> StartOnLoopbackAsync(this WebApplication app)
    {
        await app.StartAsync();
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }
}
