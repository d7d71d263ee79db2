using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace SupportBot.Channels.DirectLine;

/// Ids of visitors nobody signed in: dl_ and 16 or more random URL-safe characters, kept by the browser so a
/// returning visitor is recognised. Unguessable, and in their own namespace, apart from signed-in customers' ids.
internal static partial class AnonymousIds
{
    public const string Prefix = "dl_";

    public static string New() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));

    public static bool IsAnonymous(string userId) => userId.StartsWith(Prefix, StringComparison.Ordinal);

    /// What a browser may send back as its id: only one of the shape this host hands out.
    public static bool IsWellFormed(string userId) => Shape().IsMatch(userId);

    [GeneratedRegex("^dl_[A-Za-z0-9_-]{16,64}$")]
    private static partial Regex Shape();
}
