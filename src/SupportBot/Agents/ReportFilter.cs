using System.Text.RegularExpressions;

namespace SupportBot.Agents;

/// The per-agent report's channel, checked as /api/analytics checks it, so the dashboard's filter means the same to both.
internal static partial class ReportFilter
{
    public const string ChannelRule = "'channel' is a channel id such as 'directline' or 'msteams' (letters, digits, '.', '-', '_', at most 64).";

    public static bool IsChannel(string channel) => ChannelName().IsMatch(channel);

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ChannelName();
}
