using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
using SupportBot.Agents;
using SupportBot.Analytics;
using SupportBot.Channels.BotFramework;
using SupportBot.Channels.DirectLine;
using SupportBot.Cli;
using SupportBot.CustomerData;
using SupportBot.Customers;
using SupportBot.Hosting;
using SupportBot.Limits;
using SupportBot.Storage;
using SupportBot.Touchpoints.External;
using SupportBot.Web;

return await SupportBotCommands.InvokeAsync(args, ServeAsync);

static async Task<int> ServeAsync(string[] hostArgs)
{
    var app = SupportBotHost.CreateBuilder(hostArgs).Build();

    var webRoot = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
    // First, so everything after sees the client's scheme and address rather than the proxy's.
    app.UseProxyHeaders();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseRouting();
    app.UseLimits();
    app.UseWebSockets();
    app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = webRoot });
    app.UseStaticFiles(new StaticFileOptions { FileProvider = webRoot });
    app.UseCors();
    app.UseAuthentication();
    app.UseAuthorization();

    app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
    app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(StoreHealthCheck.ReadyTag) });
    app.MapDirectLine();
    app.MapBotMessages();
    app.MapAgentApi();
    app.MapCustomersApi();
    app.MapCustomerDataApi();
    app.MapTouchpointsApi();
    app.MapAgentConsole();
    app.MapAnalyticsApi();
    app.MapOpenApi();
    app.MapKnowledgePage();

    await app.RunAsync();
    return 0;
}
