namespace SupportBot.Cli;

/// The host doubles as the CLI: the first argument names the command, the rest are its options; anything the
/// command does not take goes to the host's configuration (--Storage:ConnectionString=...).
internal sealed record CommandLine(string Name, IReadOnlyList<string> Positional, IReadOnlyDictionary<string, string> Options, string[] HostArgs)
{
    private static readonly HashSet<string> Commands = new(StringComparer.OrdinalIgnoreCase) { "serve", "ingest", "eval", "teams-manifest", "migrate", "import-touchpoints", "seed-demo" };
    private static readonly HashSet<string> CommandOptions = new(StringComparer.OrdinalIgnoreCase) { "--knowledge", "--questions", "--output", "--limit", "--journeys", "--days", "--seed" };
    private static readonly HashSet<string> CommandFlags = new(StringComparer.OrdinalIgnoreCase) { "--sweep" };

    public static CommandLine Parse(string[] args)
    {
        if (args.Length == 0 || !Commands.Contains(args[0]))
        {
            return new CommandLine("serve", [], new Dictionary<string, string>(), args);
        }
        var positional = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var hostArgs = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (CommandFlags.Contains(args[i]))
            {
                options[args[i]] = "true";
            }
            else if (CommandOptions.Contains(args[i]) && i + 1 < args.Length)
            {
                options[args[i]] = args[++i];
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                hostArgs.Add(args[i]);
                if (!args[i].Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    hostArgs.Add(args[++i]);
                }
            }
            else
            {
                positional.Add(args[i]);
            }
        }
        return new CommandLine(args[0].ToLowerInvariant(), positional, options, [.. hostArgs]);
    }

    public string? Option(string name) => Options.TryGetValue(name, out var value) ? value : null;

    public bool Flag(string name) => Options.ContainsKey(name);
}
