using System.CommandLine;
using Microsoft.Extensions.Options;
using Spectre.Console;
using SupportBot.Doctor;

namespace SupportBot.Cli;

/// dotnet run --project src/SupportBot -- doctor: checks the deployment (the bot's token and settings, the public
/// address, the Teams package, PostgreSQL, Redis, the language model) and prints a checklist of what to fix.
/// Exit code 1 when a check failed, 2 when the settings do not even load.
internal static class DoctorCommand
{
    public static Command Create(string[] hostArgs)
    {
        var command = new Command("doctor", "Check the deployment and print what to fix; exit code 1 when something fails.");
        // The checklist is the report: the start-up run would only repeat it in the log.
        command.SetAction(_ => CommandHost.RunAsync(hostArgs, RunAsync, new Dictionary<string, string?> { ["Doctor:AtStart"] = "false" }));
        return command;
    }

    public static async Task<int> RunAsync(IServiceProvider services)
    {
        DeploymentDoctor doctor;
        try
        {
            doctor = services.GetRequiredService<DeploymentDoctor>();
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"error: {string.Join(" ", ex.Failures)}");
            return 2;
        }
        var checks = await doctor.RunAsync(includeLanguageModel: true, CancellationToken.None);
        var table = new Table().AddColumns("", "Check", "Result");
        foreach (var check in checks)
        {
            var mark = check.Outcome switch
            {
                CheckOutcome.Passed => "[green]ok[/]",
                CheckOutcome.Skipped => "[grey]--[/]",
                _ => "[red]FAIL[/]",
            };
            table.AddRow(new Markup(mark), new Text(check.Name), new Text(check.Detail));
        }
        AnsiConsole.Write(table);
        var failed = checks.Count(c => c.Outcome == CheckOutcome.Failed);
        AnsiConsole.MarkupLine(failed == 0 ? "[green]Nothing to fix.[/]" : $"[red]{failed} to fix.[/]");
        return failed == 0 ? 0 : 1;
    }
}
