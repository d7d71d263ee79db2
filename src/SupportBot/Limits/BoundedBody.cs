namespace SupportBot.Limits;

internal static class BoundedBody
{
    /// The request body, or null when it is longer than maxBytes. Reads at most maxBytes + 1 bytes whatever
    /// Content-Length claims, so a chunked or lying client cannot make the host buffer more.
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        var buffer = new byte[Math.Min(maxBytes + 1, (int?)request.ContentLength + 1 ?? 16 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > maxBytes)
                {
                    return null;
                }
                Array.Resize(ref buffer, Math.Min(maxBytes + 1, buffer.Length * 2));
            }
            var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return length > maxBytes ? null : buffer[..length];
            }
            length += read;
        }
    }
}
