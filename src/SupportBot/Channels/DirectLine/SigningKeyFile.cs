using System.Security.Cryptography;
using System.Text;

namespace SupportBot.Channels.DirectLine;

/// The token signing key: from configuration when set; otherwise created once and kept beside the database so
/// that tokens, and so reloaded chats, survive a restart.
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
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        var key = RandomNumberGenerator.GetBytes(32);
        Directory.CreateDirectory(dataDirectory);
        File.WriteAllText(path, Convert.ToBase64String(key));
        return key;
    }
}
