using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace SupportBot.Channels.Teams;

/// How the Teams app package presents the bot (the "TeamsApp" section). Empty URLs fall back to
/// Web:PublicBaseUrl, which Teams requires to be https.
internal sealed class TeamsAppOptions
{
    public const string Section = "TeamsApp";

    [Required, MaxLength(30)]
    public string ShortName { get; set; } = "SupportBot";

    [MaxLength(100)]
    public string FullName { get; set; } = "SupportBot customer support";

    [Required, MaxLength(80)]
    public string ShortDescription { get; set; } = "Answers from the help center, and a person when you need one.";

    [Required, MaxLength(4000)]
    public string FullDescription { get; set; } =
        "Ask SupportBot about your account, orders, billing and troubleshooting. It answers from the help center with links to " +
        "the articles it used, and brings in a person from the support team whenever you ask or it is not sure.";

    [Required, MaxLength(32)]
    public string DeveloperName { get; set; } = "SupportBot";

    [Required, RegularExpression("^#[0-9a-fA-F]{6}$", ErrorMessage = "AccentColor must be an HTML color such as #2B6CB0.")]
    public string AccentColor { get; set; } = "#2B6CB0";

    /// The app package version; raise it for every upload of a changed package.
    [Required, RegularExpression(@"^\d+\.\d+\.\d+$", ErrorMessage = "Version must be semantic, such as 1.0.0.")]
    public string Version { get; set; } = "1.0.0";

    public string WebsiteUrl { get; set; } = string.Empty;

    public string PrivacyUrl { get; set; } = string.Empty;

    public string TermsOfUseUrl { get; set; } = string.Empty;

    /// A 192×192 PNG to use instead of the built-in colour icon (usually the company's logo on its colour).
    public string ColorIconPath { get; set; } = string.Empty;

    /// A 32×32 PNG, white on transparent, to use instead of the built-in outline icon.
    public string OutlineIconPath { get; set; } = string.Empty;

    /// Teams single sign-on: the Application ID URI of the Entra app the OAuth connection signs in to, such as
    /// api://botid-{app id}. When set, the manifest carries webApplicationInfo, so Teams can hand the bot a token
    /// without asking the user.
    public string SsoResource { get; set; } = string.Empty;

    /// The Entra app of SsoResource; empty: the bot's own (Bot:MicrosoftAppId), as Teams' bot SSO usually has it.
    public string SsoAppId { get; set; } = string.Empty;

    /// The name and descriptions Teams shows in Indonesian (the package's id.json).
    [ValidateObjectMembers]
    public TeamsAppTranslation Indonesian { get; set; } = new();
}
