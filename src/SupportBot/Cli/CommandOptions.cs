using System.CommandLine;
using System.Globalization;

namespace SupportBot.Cli;

/// Option shapes more than one command takes.
internal static class CommandOptions
{
    /// A whole number within bounds; anything else is a parse error that names the option and the range.
    public static Option<int> WholeNumber(string name, string description, int fallback, int min, int max)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < min || value > max)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} takes a whole number from {min} to {max}, not {value}."));
            }
        });
        return option;
    }
}
