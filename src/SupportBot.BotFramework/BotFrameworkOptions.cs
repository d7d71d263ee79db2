using System.ComponentModel.DataAnnotations;

namespace SupportBot.BotFramework;

/// The bot's Azure Bot registration and the Bot Framework endpoints it trusts, bound from the "Bot" section.
/// Names follow the Bot Framework SDK's configuration keys so existing deployments carry over; every URL
/// and issuer is a setting so tests (and sovereign clouds) can point them elsewhere.
public sealed class BotFrameworkOptions
{
    public const string Section = "Bot";

    /// The Azure Bot registration's app (client) id. Empty: /api/messages runs unauthenticated for local
    /// development and outbound calls carry no token.
    public string MicrosoftAppId { get; set; } = string.Empty;

    /// Client secret of the app registration (MultiTenant and SingleTenant).
    public string MicrosoftAppPassword { get; set; } = string.Empty;

    /// Entra tenant of the app registration; required for SingleTenant and UserAssignedMSI.
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

    /// The managed identity token endpoint (Azure IMDS) for UserAssignedMSI.
    public string ManagedIdentityEndpoint { get; set; } = "http://169.254.169.254/metadata/identity/oauth2/token";

    /// Hosts that may receive the bot's outbound token. A leading "*." matches any subdomain.
    public List<string> TrustedServiceUrlHosts { get; set; } =
    [
        "*.botframework.com",
        "smba.trafficmanager.net",
        "*.trafficmanager.net",
        "*.botframework.azure.us",
        "*.botframework.us",
    ];

    /// App ids of bots allowed to call this one as a skill; "*" allows any authenticated caller.
    public List<string> AllowedCallers { get; set; } = [];

    /// Teams tenants the bot serves; empty serves every tenant.
    public List<string> AllowedTenants { get; set; } = [];

    /// Largest activity /api/messages accepts; Teams messages stay under about 100 KB.
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxActivityBytes { get; set; } = 256 * 1024;

    /// Longest message text accepted, in characters.
    [Range(1, 1_000_000)]
    public int MaxTextLength { get; set; } = 40_000;

    public bool IsAuthenticationEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);
}

public enum BotAppType
{
    MultiTenant,
    SingleTenant,
    UserAssignedMSI,
}
