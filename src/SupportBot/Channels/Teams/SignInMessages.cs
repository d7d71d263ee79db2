using System.Collections.Concurrent;
using System.Globalization;
using System.Resources;
using SupportBot.Localization;

namespace SupportBot.Channels.Teams;

/// What the bot says about signing in, in the customer's language (SignInMessages.resx and its translations).
internal sealed class SignInMessages
{
    private static readonly ResourceManager Resources = new("SupportBot.Channels.Teams.SignInMessages", typeof(SignInMessages).Assembly);
    private static readonly ConcurrentDictionary<string, SignInMessages> ByLanguage = new(StringComparer.Ordinal);
    private readonly CultureInfo _culture;

    private SignInMessages(string language) => _culture = CultureInfo.GetCultureInfo(language);

    public static SignInMessages For(string? language)
        => ByLanguage.GetOrAdd(Languages.FromLocale(language) ?? Languages.English, code => new SignInMessages(code));

    /// The resource names, for checking that every translation has them all.
    public static ResourceManager ResourceManager => Resources;

    public string SignInText => Text(nameof(SignInText));
    public string SignInButton => Text(nameof(SignInButton));
    public string SignInFirst => Text(nameof(SignInFirst));
    public string SignedIn(string name) => string.Format(_culture, Text(nameof(SignedIn)), name);
    public string AlreadySignedIn(string name) => string.Format(_culture, Text(nameof(AlreadySignedIn)), name);
    public string SignedOut => Text(nameof(SignedOut));
    public string WrongAccount => Text(nameof(WrongAccount));
    public string SignInUnavailable => Text(nameof(SignInUnavailable));

    private string Text(string name) => Resources.GetString(name, _culture) ?? throw new InvalidOperationException($"No sign-in message {name}.");
}
