using System.Globalization;

namespace SupportBot.Channels.Teams;

/// Draws the two icons Teams requires: a 192×192 full-colour icon (a speech bubble on the accent colour)
/// and a 32×32 outline icon (the bubble in white on transparent).
internal static class TeamsIcons
{
    public const int ColorSize = 192;
    public const int OutlineSize = 32;

    public static byte[] Color(string accentColor)
    {
        var accent = 0xFF | (uint.Parse(accentColor.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture) << 8);
        return Draw(ColorSize, (x, y) =>
            InsideBubble(x, y, ColorSize, inset: 0.22) ? 0xFFFFFFFFu
            : InsideRoundedSquare(x, y, ColorSize, radius: 0.18) ? accent
            : 0u);
    }

    public static byte[] Outline() => Draw(OutlineSize, (x, y) =>
        InsideBubble(x, y, OutlineSize, inset: 0.08) && !InsideBubble(x, y, OutlineSize, inset: 0.2) ? 0xFFFFFFFFu : 0u);

    private static byte[] Draw(int size, Func<double, double, uint> paint)
    {
        var pixels = new uint[size * size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                pixels[(y * size) + x] = paint(x + 0.5, y + 0.5);
            }
        }
        return Png.Encode(size, size, pixels);
    }

    // An ellipse for the bubble with a small tail at its lower left; inset shrinks it towards the centre.
    private static bool InsideBubble(double x, double y, int size, double inset)
    {
        double cx = size * 0.5, cy = size * 0.45;
        double rx = size * (0.5 - inset), ry = size * (0.4 - inset);
        var dx = (x - cx) / rx;
        var dy = (y - cy) / ry;
        if ((dx * dx) + (dy * dy) <= 1)
        {
            return true;
        }
        // The tail: a triangle below the ellipse's lower-left quarter.
        double tx = x / size, ty = y / size, bottom = 0.45 + (0.4 - inset) * 0.8;
        return ty >= bottom - 0.05 && ty <= 0.92 - inset && tx >= 0.25 + inset * 0.5 && tx <= 0.25 + inset * 0.5 + (0.92 - inset - ty) * 0.9;
    }

    private static bool InsideRoundedSquare(double x, double y, int size, double radius)
    {
        var r = size * radius;
        var nx = Math.Clamp(x, r, size - r);
        var ny = Math.Clamp(y, r, size - r);
        return ((x - nx) * (x - nx)) + ((y - ny) * (y - ny)) <= r * r;
    }
}
