using System.CommandLine;

namespace SupportBot.Cli;

/// The host doubles as the CLI: with no command it serves; each command is one file in this folder. Settings go to
/// the host's configuration (--Storage:ConnectionString=..., see HostArguments); an unknown command or flag is an
/// error with the usage, never a silent start of the server.
internal static class SupportBotCommands
{
    public static Task<int> InvokeAsync(string[] args, Func<string[], Task<int>> serve)
    {
        var (commandArgs, hostArgs) = HostArguments.Split(args, DeclaredOptions(Create([], serve)));
        // The web host handles SIGTERM and Ctrl+C itself (it drains turns first), and an exception must reach the
        // caller as it did before (the test host relies on it), so System.CommandLine does neither.
        return Create(hostArgs, serve).Parse(commandArgs)
            .InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
    }

    private static RootCommand Create(string[] hostArgs, Func<string[], Task<int>> serve)
    {
        var serveCommand = new Command("serve", "Serve Web Chat, Direct Line, /api/messages, the agent console and the APIs (the default).");
        serveCommand.SetAction(_ => serve(hostArgs));
        var root = new RootCommand("SupportBot: answers customers from the knowledge base and hands them to agents. Settings: --Section:Key=value.")
        {
            serveCommand,
            IngestCommand.Create(hostArgs),
            MigrateCommand.Create(hostArgs),
            ImportTouchpointsCommand.Create(hostArgs),
            TeamsManifestCommand.Create(hostArgs),
            DoctorCommand.Create(hostArgs),
            EvalCommand.Create(hostArgs),
            SeedDemoCommand.Create(hostArgs),
        };
        root.SetAction(_ => serve(hostArgs));
        return root;
    }

    /// Every option name and alias of every command, so that an option is never mistaken for a setting.
    private static HashSet<string> DeclaredOptions(Command command)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var option in command.Options)
        {
            names.Add(option.Name);
            names.UnionWith(option.Aliases);
        }
        foreach (var subcommand in command.Subcommands)
        {
            names.UnionWith(DeclaredOptions(subcommand));
        }
        return names;
    }
}
