using System.Security.Cryptography;
using System.Text;

namespace SupportBot.Channels.DirectLine;

/// The token signing key: from configuration when set; otherwise created once and kept beside the database so
/// that tokens, and so reloaded chats, survive a restart. A key created here is 256 random bits; a configured key is
/// held to the same length by DirectLineOptions, and a key file shortened by hand is refused here.
internal static class SigningKeyFile
{
    public static byte[] Resolve(DirectLineOptions options, string dataDirectory)
    {
        if (options.TokenSigningKey.Length > 0)
        {
            return Encoding.UTF8.GetBytes(options.TokenSigningKey);
        }
        var path = Path.Combine(dataDirectory, "directline-signing.key");
        if (File.Exists(path))
        {
            var kept = Convert.FromBase64String(File.ReadAllText(path).Trim());
            return kept.Length >= DirectLineOptions.MinSigningKeyBytes
                ? kept
                : throw new InvalidOperationException(
                    $"The Direct Line signing key in {path} is {kept.Length} bytes; it must be at least {DirectLineOptions.MinSigningKeyBytes} bytes (256 bits). "
                    + "Delete the file to have a new random key created (open chats then start over), or set DirectLine:TokenSigningKey.");
        }
        var key = RandomNumberGenerator.GetBytes(DirectLineOptions.MinSigningKeyBytes);
        Directory.CreateDirectory(dataDirectory);
        File.WriteAllText(path, Convert.ToBase64String(key));
        return key;
    }
}
