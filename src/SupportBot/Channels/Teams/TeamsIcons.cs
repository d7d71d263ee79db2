using System.Buffers.Binary;

namespace SupportBot.Channels.Teams;

/// The two icons Teams requires: a 192×192 full-colour icon and a 32×32 outline icon (white on transparent). The
/// built-in pair (a speech bubble) ships in Icons/; TeamsApp:ColorIconPath and OutlineIconPath use a company's own.
internal static class TeamsIcons
{
    public const int ColorSize = 192;
    public const int OutlineSize = 32;
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Color(TeamsAppOptions app) => Read(app.ColorIconPath, "color.png");

    public static byte[] Outline(TeamsAppOptions app) => Read(app.OutlineIconPath, "outline.png");

    /// What is wrong with the configured icon files, each naming its setting; empty for the built-in pair.
    public static IEnumerable<string> Problems(TeamsAppOptions app)
    {
        foreach (var (setting, path, size) in new[] { ("TeamsApp:ColorIconPath", app.ColorIconPath, ColorSize), ("TeamsApp:OutlineIconPath", app.OutlineIconPath, OutlineSize) })
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                continue;
            }
            if (!File.Exists(path))
            {
                yield return $"{setting}: no file at '{path}'.";
            }
            else if (ReadSize(File.ReadAllBytes(path)) is not var (width, height) || width != size || height != size)
            {
                yield return $"{setting} must be a {size}×{size} PNG image ('{path}' is not).";
            }
        }
    }

    /// The width and height from a PNG's header chunk, or null when the bytes are not a PNG.
    public static (int Width, int Height)? ReadSize(ReadOnlySpan<byte> png)
        => png.Length >= 24 && png[..8].SequenceEqual(Signature) && png.Slice(12, 4).SequenceEqual("IHDR"u8)
            ? (BinaryPrimitives.ReadInt32BigEndian(png.Slice(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.Slice(20, 4)))
            : null;

    private static byte[] Read(string configuredPath, string builtIn)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            return File.ReadAllBytes(configuredPath);
        }
        using var stream = typeof(TeamsIcons).Assembly.GetManifestResourceStream($"SupportBot.Teams.{builtIn}")
            ?? throw new InvalidOperationException($"The built-in Teams icon {builtIn} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
