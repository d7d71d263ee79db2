using System.ComponentModel.DataAnnotations;
using SupportBot.BotFramework.ManagedIdentity;

namespace SupportBot.BotFramework;

/// The bot's Azure Bot registration and the Bot Framework endpoints it trusts, bound from the "Bot" section.
/// Names follow the Bot Framework SDK's configuration keys so existing deployments carry over; every URL
/// and issuer is a setting so tests (and sovereign clouds) can point them elsewhere.
public sealed class BotFrameworkOptions : IValidatableObject
{
    public const string Section = "Bot";

    /// The Azure Bot registration's app (client) id. Empty: /api/messages takes no token, which only Development
    /// or AllowUnauthenticatedMessages permits; outbound calls carry no token and go to loopback only.
    public string MicrosoftAppId { get; set; } = string.Empty;

    /// Opens /api/messages without an app id outside Development, for the Emulator or a test channel on this
    /// machine. Anyone who can reach the endpoint can then post as anyone, so replies go to loopback serviceUrls only.
    public bool AllowUnauthenticatedMessages { get; set; }

    /// Client secret of the app registration (MultiTenant and SingleTenant).
    public string MicrosoftAppPassword { get; set; } = string.Empty;

    /// Entra tenant of the app registration; required for SingleTenant and UserAssignedMSI. Besides Bot
    /// Framework's own tenants, it is the only tenant whose Entra tokens (Emulator, skill callers) are accepted.
    public string MicrosoftAppTenantId { get; set; } = string.Empty;

    public BotAppType MicrosoftAppType { get; set; } = BotAppType.MultiTenant;

    /// A PFX file whose certificate authenticates the bot instead of a client secret.
    public string CertificatePath { get; set; } = string.Empty;

    public string CertificatePassword { get; set; } = string.Empty;

    public string ToBotFromChannelOpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    public string ToBotFromChannelTokenIssuer { get; set; } = "https://api.botframework.com";

    public string ToBotFromEmulatorOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";

    /// Entra issuers whose tokens the Bot Framework Emulator and skill callers present.
    public List<string> EmulatorTokenIssuers { get; set; } =
    [
        "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/",
        "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0",
        "https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/",
        "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0",
        "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
    ];

    /// Authority for outbound tokens; the tenant (botframework.com for MultiTenant) is appended.
    public string ToChannelFromBotLoginUrlPrefix { get; set; } = "https://login.microsoftonline.com/";

    public string ToChannelFromBotOAuthScope { get; set; } = "https://api.botframework.com";

    /// Where UserAssignedMSI gets its tokens: Auto picks App Service / Container Apps (IDENTITY_ENDPOINT), AKS workload
    /// identity (AZURE_FEDERATED_TOKEN_FILE) or the VM metadata endpoint from the environment.
    public ManagedIdentitySource ManagedIdentitySource { get; set; } = ManagedIdentitySource.Auto;

    /// The VM metadata endpoint (IMDS) for UserAssignedMSI; empty: http://169.254.169.254/metadata/identity/oauth2/token,
    /// or under AZURE_POD_IDENTITY_AUTHORITY_HOST when that is set.
    public string ManagedIdentityEndpoint { get; set; } = string.Empty;

    /// Hosts that may receive the bot's outbound token. A leading "*." matches any subdomain, so it is only used
    /// for domains Microsoft alone holds: *.trafficmanager.net, for one, is open to every Azure subscriber.
    /// Configured entries are added to these.
    public List<string> TrustedServiceUrlHosts { get; set; } =
    [
        "*.botframework.com",
        "*.botframework.azure.us",
        "*.botframework.us",
        "smba.trafficmanager.net",
        "smba.infra.gcc.teams.microsoft.com",
        "smba.infra.gov.teams.microsoft.us",
        "smba.infra.dod.teams.microsoft.us",
    ];

    /// Accepts http serviceUrls on loopback (a test channel on this machine); every other serviceUrl must be https,
    /// as the bot's token travels to it. Development turns it on.
    public bool AllowHttpOnLoopback { get; set; }

    /// Accepts tokens the Bot Framework Emulator presents (Entra tokens for this app), for a serviceUrl on loopback only.
    public bool AllowEmulatorTokens { get; set; }

    /// App ids of bots allowed to call this one as a skill; "*" allows any authenticated caller.
    public List<string> AllowedCallers { get; set; } = [];

    /// Where each calling bot takes this bot's replies (its skill host endpoint, e.g.
    /// "https://root.example.com/api/skills/"), by its app id. A skill call is refused unless its serviceUrl starts
    /// with its caller's entry: a token proves who called, not where the replies (with the bot's token) may go.
    public Dictionary<string, string> SkillHostEndpoints { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// Teams tenants the bot serves; empty serves every tenant.
    public List<string> AllowedTenants { get; set; } = [];

    /// Largest activity /api/messages accepts; Teams messages stay under about 100 KB.
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxActivityBytes { get; set; } = 256 * 1024;

    /// Longest message text accepted, in characters.
    [Range(1, 1_000_000)]
    public int MaxTextLength { get; set; } = 40_000;

    /// The Azure Bot's OAuth connection (its "OAuth Connection Settings") that signs Teams users in; empty: no sign-in.
    public string OAuthConnectionName { get; set; } = string.Empty;

    /// The Bot Framework Token Service, which holds users' tokens for the OAuth connection. The bot's token goes
    /// to it, so it must be https (or loopback under AllowHttpOnLoopback).
    public string OAuthUrl { get; set; } = "https://token.botframework.com";

    public bool IsSignInEnabled => IsAuthenticationEnabled && !string.IsNullOrWhiteSpace(OAuthConnectionName);

    public bool IsAuthenticationEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    // An entry that is no URL would refuse every call of its caller with nothing but a 403 to show for it.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!(Uri.TryCreate(OAuthUrl, UriKind.Absolute, out var oauth) && oauth.Scheme is "https" or "http"))
        {
            yield return new ValidationResult($"Bot:OAuthUrl must be the token service's absolute URL, such as https://token.botframework.com, not '{OAuthUrl}'.", [nameof(OAuthUrl)]);
        }
        foreach (var (appId, endpoint) in SkillHostEndpoints)
        {
            if (!(Uri.TryCreate(endpoint, UriKind.Absolute, out var url) && url.Scheme is "https" or "http"))
            {
                yield return new ValidationResult(
                    $"Bot:SkillHostEndpoints:{appId} must be the calling bot's absolute skill host URL, such as https://root.example.com/api/skills/, not '{endpoint}'.",
                    [nameof(SkillHostEndpoints)]);
            }
        }
    }
}

public enum BotAppType
{
    MultiTenant,
    SingleTenant,
    UserAssignedMSI,
}
