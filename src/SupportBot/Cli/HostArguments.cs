namespace SupportBot.Cli;

/// Splits the command line into what the commands parse and what goes to the host's configuration. A setting is
/// --Key=value for any key no command declares (--Storage:ConnectionString=..., --urls=...; the test host passes
/// its settings this way too), or --Key value when the key is a path (--Knowledge:Path dir) or one of the host's
/// own (--urls, --environment). Everything else is the commands', so System.CommandLine refuses an unknown command
/// or a flag such as "--topics x" instead of the host silently taking it as a setting.
internal static class HostArguments
{
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "urls", "environment", "contentRoot", "applicationName", "AllowedHosts",
    };

    public static (string[] CommandArgs, string[] HostArgs) Split(IReadOnlyList<string> args, IReadOnlySet<string> declaredOptions)
    {
        var commandArgs = new List<string>();
        var hostArgs = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (!IsConfigurationKey(args[i], declaredOptions, out var hasValue))
            {
                commandArgs.Add(args[i]);
                continue;
            }
            hostArgs.Add(args[i]);
            if (!hasValue && i + 1 < args.Count)
            {
                hostArgs.Add(args[++i]);
            }
        }
        return ([.. commandArgs], [.. hostArgs]);
    }

    /// The forms Microsoft.Extensions.Configuration's command-line provider reads: --key=value, --key value,
    /// /key=value and /key value.
    private static bool IsConfigurationKey(string arg, IReadOnlySet<string> declaredOptions, out bool hasValue)
    {
        hasValue = false;
        var prefix = arg.StartsWith("--", StringComparison.Ordinal) ? 2 : arg.StartsWith('/') ? 1 : 0;
        if (prefix == 0)
        {
            return false;
        }
        var equals = arg.IndexOf('=', prefix);
        hasValue = equals >= 0;
        var key = hasValue ? arg[prefix..equals] : arg[prefix..];
        if (key.Length == 0 || declaredOptions.Contains(arg[..(hasValue ? equals : arg.Length)]))
        {
            return false;
        }
        if (prefix == 1 && !key.Contains(':', StringComparison.Ordinal))
        {
            // A path such as /srv/kb is an argument, not a setting.
            return false;
        }
        return hasValue || key.Contains(':', StringComparison.Ordinal) || key.Contains("__", StringComparison.Ordinal) || HostKeys.Contains(key);
    }
}
