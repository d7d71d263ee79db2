using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using SupportBot.Agents;
using SupportBot.Analytics;
using SupportBot.Channels.BotFramework;
using SupportBot.Channels.DirectLine;
using SupportBot.Cli;
using SupportBot.Customers;
using SupportBot.Evaluation;
using SupportBot.Hosting;
using SupportBot.Knowledge;
using SupportBot.Limits;
using SupportBot.Storage;
using SupportBot.Touchpoints.External;
using SupportBot.Web;

var command = CommandLine.Parse(args);
if (command.Name == "eval" && EvalCommand.Validate(command) is { } usage)
{
    await Console.Error.WriteLineAsync(usage);
    return 2;
}

var builder = WebApplication.CreateBuilder(command.HostArgs);
// The root appsettings.json is linked beside the binaries; it sits under every other source so that
// environment variables and the command line still override it.
var linkedSettings = new JsonConfigurationSource { Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Optional = true };
linkedSettings.ResolveFileProvider();
builder.Configuration.Sources.Insert(0, linkedSettings);
if (command.Name != "serve")
{
    // CLI commands print their own progress; the log only speaks up for problems.
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
    });
}
var evalStore = new ScratchStore(builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions());
if (command.Name == "eval")
{
    // Evaluation runs in a throw-away store so it never mixes with the real conversations.
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = evalStore.ConnectionString,
        ["Knowledge:IngestOnStart"] = "false",
    });
}
builder.AddSupportBot();
builder.AddLimits();
builder.Services.AddProxyHeaders(builder.Configuration);

var app = builder.Build();

switch (command.Name)
{
    case "ingest":
        return await IngestCommand.RunAsync(app.Services, command, app.Services.GetRequiredService<IOptions<KnowledgeOptions>>().Value.Path);
    case "eval":
        try
        {
            return await EvalCommand.RunAsync(app.Services, command);
        }
        finally
        {
            await app.DisposeAsync();
            await evalStore.RemoveAsync();
        }
    case "migrate":
        return await MigrateCommand.RunAsync(app.Services);
    case "import-touchpoints":
        return await ImportTouchpointsCommand.RunAsync(app.Services, command, Console.Out, Console.Error);
    case "teams-manifest":
        return await TeamsManifestCommand.RunAsync(app.Services, command);
    case "seed-demo":
        return await SeedDemoCommand.RunAsync(app.Services, command);
}

var webRoot = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
// First, so everything after sees the client's scheme and address rather than the proxy's.
app.UseForwardedHeaders();
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
app.MapTouchpointsApi();
app.MapAgentConsole();
app.MapAnalyticsApi();
app.MapOpenApi();
app.MapKnowledgePage();

await app.RunAsync();
return 0;
