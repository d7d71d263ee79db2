using System.Security.Cryptography;
using System.Text;

namespace SupportBot.Credentials;

/// X-Api-Key checks shared by the agent API and the touchpoints API. Keys are compared as SHA-256 digests in
/// constant time, and every configured key is compared, so response timing says neither how much of a key was
/// right nor which key matched.
internal static class ApiKeys
{
    public static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// The position of the configured key equal to the presented digest, or -1.
    public static int IndexOf(byte[] presented, IEnumerable<string> keys)
    {
        var found = -1;
        var index = 0;
        foreach (var key in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, Digest(key)) && found < 0)
            {
                found = index;
            }
            index++;
        }
        return found;
    }
}
