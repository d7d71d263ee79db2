using System.Text.RegularExpressions;

namespace SupportBot.Agents;

/// A reply agents insert with a / shortcut. Owner is null for the team's set and the agent's id for a personal one.
/// Text may hold the placeholders below, filled in for the conversation it is inserted into.
internal sealed partial record CannedResponse(string Id, string? Owner, string Shortcut, string Title, string Text, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public const string TeamScope = "team";
    public const string PersonalScope = "personal";
    public const int MaxTextLength = AgentApi.MaxMessageLength;
    public const int MaxTitleLength = 100;

    /// What each placeholder stands for; any other {word.word} in a text is refused, so a typo is caught when the
    /// response is saved rather than sent to a customer.
    public static readonly IReadOnlyList<string> Placeholders = ["customer.name", "customer.firstName", "agent.name"];

    public string Scope => Owner is null ? TeamScope : PersonalScope;

    public static bool IsValidShortcut(string? shortcut) => shortcut is not null && ShortcutPattern().IsMatch(shortcut);

    /// The placeholders in text that are not among Placeholders.
    public static IReadOnlyList<string> UnknownPlaceholders(string text)
        => [.. PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value).Where(p => !Placeholders.Contains(p, StringComparer.Ordinal)).Distinct()];

    /// The text for one conversation. A value that is not known (a customer who gave no name) leaves its
    /// placeholder in place and is listed in Missing, so the agent sees what to fill in before sending.
    public FilledResponse Fill(string? customerName, string agentName)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["customer.name"] = Blank(customerName),
            ["customer.firstName"] = Blank(customerName)?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0],
            ["agent.name"] = Blank(agentName),
        };
        var missing = new List<string>();
        var text = PlaceholderPattern().Replace(Text, m =>
        {
            if (values.GetValueOrDefault(m.Groups[1].Value) is { } value)
            {
                return value;
            }
            missing.Add(m.Groups[1].Value);
            return m.Value;
        });
        return new FilledResponse(Id, text, [.. missing.Distinct()]);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,31}$")]
    private static partial Regex ShortcutPattern();

    [GeneratedRegex(@"\{([A-Za-z]+\.[A-Za-z]+)\}")]
    private static partial Regex PlaceholderPattern();
}

/// A canned response as the agent API shows it.
internal sealed record CannedResponseView(string Id, string Scope, string Shortcut, string Title, string Text, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public static CannedResponseView From(CannedResponse r) => new(r.Id, r.Scope, r.Shortcut, r.Title, r.Text, r.UpdatedAt, r.UpdatedBy);
}

internal sealed record CannedResponseRequest(string? Scope, string? Shortcut, string? Title, string? Text);

/// A canned response filled in for one conversation; Missing names the placeholders left unfilled.
internal sealed record FilledResponse(string Id, string Text, IReadOnlyList<string> Missing);
