using System.Collections.Concurrent;
using System.Globalization;
using System.Resources;
using SupportBot.Localization;

namespace SupportBot.Channels.Teams;

/// What a file consent card says once the customer has answered it, in the customer's language
/// (FileConsentMessages.resx and its translations).
internal sealed class FileConsentMessages
{
    private static readonly ResourceManager Resources = new("SupportBot.Channels.Teams.FileConsentMessages", typeof(FileConsentMessages).Assembly);
    private static readonly ConcurrentDictionary<string, FileConsentMessages> ByLanguage = new(StringComparer.Ordinal);
    private readonly CultureInfo _culture;

    private FileConsentMessages(string language) => _culture = CultureInfo.GetCultureInfo(language);

    public static FileConsentMessages For(string? language)
        => ByLanguage.GetOrAdd(Languages.FromLocale(language) ?? Languages.English, code => new FileConsentMessages(code));

    /// The resource names, for checking that every translation has them all.
    public static ResourceManager ResourceManager => Resources;

    public string FileSent(string name) => Format(nameof(FileSent), name);
    public string FileDeclined(string name) => Format(nameof(FileDeclined), name);
    public string FileFailed(string name) => Format(nameof(FileFailed), name);

    private string Format(string key, string name)
        => string.Format(_culture, Resources.GetString(key, _culture) ?? throw new InvalidOperationException($"No file consent message {key}."), name);
}
