using System.Globalization;

namespace SupportBot.Benchmarks;

/// A command's "--name value" options and "--flag" switches.
internal sealed class CommandOptions
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    private CommandOptions()
    {
    }

    public List<string> Positional { get; } = [];

    public static CommandOptions Parse(IEnumerable<string> args)
    {
        var options = new CommandOptions();
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal))
            {
                options.Positional.Add(list[i]);
                continue;
            }
            var hasValue = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal);
            options._values[list[i]] = hasValue ? list[++i] : null;
        }
        return options;
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Text(string name) => _values.GetValueOrDefault(name);

    public int Int(string name, int fallback) => _values.GetValueOrDefault(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    /// "16,64": one or more whole numbers.
    public IReadOnlyList<int> IntList(string name, int fallback) => _values.GetValueOrDefault(name) is { } v
        ? [.. v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => int.Parse(n, CultureInfo.InvariantCulture))]
        : [fallback];

    public double Double(string name, double fallback) => _values.GetValueOrDefault(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
