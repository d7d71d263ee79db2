using System.Globalization;

namespace SupportBot.Channels.DirectLine;

/// Watermarks are the count of activities the client has seen; empty, missing, "null" or garbage mean "from the
/// beginning", which may repeat activities but never loses one.
internal static class Watermark
{
    public static int Parse(string? watermark)
        => int.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
