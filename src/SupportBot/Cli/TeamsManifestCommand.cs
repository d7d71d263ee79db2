using System.CommandLine;
using Microsoft.Extensions.Options;
using SupportBot.BotFramework;
using SupportBot.Channels.Teams;
using SupportBot.Web;

namespace SupportBot.Cli;

/// dotnet run --project src/SupportBot -- teams-manifest [--output file.zip]: writes the Teams app package for
/// the configured bot, ready for "Upload a custom app" or the Teams admin center.
internal static class TeamsManifestCommand
{
    public const string DefaultOutput = "supportbot-teams.zip";

    public static Command Create(string[] hostArgs)
    {
        var output = new Option<string>("--output") { Description = "Where to write the package.", DefaultValueFactory = _ => DefaultOutput };
        var command = new Command("teams-manifest", "Write the Teams app package (manifest and icons) for Bot:MicrosoftAppId.") { output };
        command.SetAction(parse => CommandHost.RunAsync(hostArgs, services => RunAsync(services, parse.GetValue(output)!)));
        return command;
    }

    public static async Task<int> RunAsync(IServiceProvider services, string outputPath)
    {
        var appId = services.GetRequiredService<IOptions<BotFrameworkOptions>>().Value.MicrosoftAppId;
        var app = services.GetRequiredService<IOptions<TeamsAppOptions>>().Value;
        var publicBaseUrl = services.GetRequiredService<IOptions<WebOptions>>().Value.PublicBaseUrl;
        var problems = TeamsAppPackage.Check(appId, app, publicBaseUrl);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync($"error: {problem}");
            }
            return 2;
        }
        var output = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await using (var file = File.Create(output))
        {
            TeamsAppPackage.Write(file, TeamsAppPackage.Manifest(appId, app, publicBaseUrl), app);
        }
        Console.WriteLine($"Wrote the Teams app package for bot {appId} to {output}");
        return 0;
    }
}
