using System.Buffers.Binary;
using System.IO.Compression;

namespace SupportBot.Channels.Teams;

/// Writes 8-bit RGBA PNG files, enough for the app package's icons without an imaging library.
internal static class Png
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// pixels holds width × height RGBA values, row by row.
    public static byte[] Encode(int width, int height, ReadOnlySpan<uint> pixels)
    {
        using var output = new MemoryStream();
        output.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 6; // colour type: truecolour with alpha
        WriteChunk(output, "IHDR", header);
        WriteChunk(output, "IDAT", Compress(width, height, pixels));
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// Reads the width and height from a PNG's header.
    public static (int Width, int Height) ReadSize(ReadOnlySpan<byte> png)
        => png.Length >= 24 && png[..8].SequenceEqual(Signature)
            ? (BinaryPrimitives.ReadInt32BigEndian(png[16..]), BinaryPrimitives.ReadInt32BigEndian(png[20..]))
            : throw new InvalidDataException("Not a PNG file.");

    private static byte[] Compress(int width, int height, ReadOnlySpan<uint> pixels)
    {
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[1 + (width * 4)];
            for (var y = 0; y < height; y++)
            {
                row[0] = 0; // filter: none
                for (var x = 0; x < width; x++)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(row.AsSpan(1 + (x * 4)), pixels[(y * width) + x]);
                }
                zlib.Write(row);
            }
        }
        return raw.ToArray();
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typeAndData = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData.AsSpan(4));
        output.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        output.Write(crc);
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            table[n] = c;
        }
        return table;
    }
}
