using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Answering;
using SupportBot.Localization;

namespace SupportBot.Channels.Teams;

/// The Teams app package: manifest.json for the bot's app id plus the colour and outline icons, zipped the
/// way Teams' "Upload a custom app" and the Teams admin center take it.
internal static class TeamsAppPackage
{
    public const string ManifestVersion = "1.19";
    public const string SchemaUrl = "https://developer.microsoft.com/json-schemas/teams/v1.19/MicrosoftTeams.schema.json";
    public const string ColorIcon = "color.png";
    public const string OutlineIcon = "outline.png";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// The problems that make the package unusable, each naming the setting to fix; empty when it can be built.
    public static IReadOnlyList<string> Check(string appId, TeamsAppOptions app, string publicBaseUrl)
    {
        var problems = new List<string>();
        if (!Guid.TryParse(appId, out _))
        {
            problems.Add("Bot:MicrosoftAppId must be the Azure Bot registration's app id (a GUID).");
        }
        foreach (var (setting, url) in Urls(app, publicBaseUrl))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                problems.Add($"{setting} must be an https URL (or set Web:PublicBaseUrl to the bot's public https address).");
            }
        }
        problems.AddRange(TeamsIcons.Problems(app));
        return problems;
    }

    public static JsonObject Manifest(string appId, TeamsAppOptions app, string publicBaseUrl)
    {
        var urls = Urls(app, publicBaseUrl).ToDictionary(u => u.Setting, u => u.Url);
        return new JsonObject
        {
            ["$schema"] = SchemaUrl,
            ["manifestVersion"] = ManifestVersion,
            ["version"] = app.Version,
            ["id"] = appId,
            ["developer"] = new JsonObject
            {
                ["name"] = app.DeveloperName,
                ["websiteUrl"] = urls["TeamsApp:WebsiteUrl"],
                ["privacyUrl"] = urls["TeamsApp:PrivacyUrl"],
                ["termsOfUseUrl"] = urls["TeamsApp:TermsOfUseUrl"],
            },
            ["name"] = new JsonObject { ["short"] = app.ShortName, ["full"] = app.FullName },
            ["description"] = new JsonObject { ["short"] = app.ShortDescription, ["full"] = app.FullDescription },
            ["icons"] = new JsonObject { ["color"] = ColorIcon, ["outline"] = OutlineIcon },
            ["accentColor"] = app.AccentColor,
            ["bots"] = new JsonArray
            {
                new JsonObject
                {
                    ["botId"] = appId,
                    ["scopes"] = new JsonArray("personal", "team", "groupChat"),
                    // Customers may send files in a personal chat; the bot keeps them for agents (TeamsFiles).
                    ["supportsFiles"] = true,
                    ["isNotificationOnly"] = false,
                    ["commandLists"] = new JsonArray
                    {
                        new JsonObject { ["scopes"] = new JsonArray("personal", "team", "groupChat"), ["commands"] = Commands() },
                    },
                },
            },
            ["permissions"] = new JsonArray("identity", "messageTeamMembers"),
            ["validDomains"] = new JsonArray(new Uri(urls["TeamsApp:WebsiteUrl"]).Host),
        };
    }

    public static void Write(Stream output, JsonObject manifest, TeamsAppOptions app)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Add(zip, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest, Indented));
        Add(zip, ColorIcon, TeamsIcons.Color(app));
        Add(zip, OutlineIcon, TeamsIcons.Outline(app));
    }

    private static JsonArray Commands() =>
    [
        new JsonObject { ["title"] = BotMessages.English.TalkToPerson, ["description"] = BotMessages.English.TalkToPersonDescription },
        new JsonObject { ["title"] = "Track my order", ["description"] = "Ask anything the help center covers, like tracking an order." },
    ];

    private static IEnumerable<(string Setting, string Url)> Urls(TeamsAppOptions app, string publicBaseUrl)
    {
        var site = publicBaseUrl.TrimEnd('/');
        yield return ("TeamsApp:WebsiteUrl", Or(app.WebsiteUrl, site.Length > 0 ? site + "/" : string.Empty));
        yield return ("TeamsApp:PrivacyUrl", Or(app.PrivacyUrl, site.Length > 0 ? site + "/kb/privacy/data-we-collect" : string.Empty));
        yield return ("TeamsApp:TermsOfUseUrl", Or(app.TermsOfUseUrl, site.Length > 0 ? site + "/" : string.Empty));
    }

    private static string Or(string value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        entry.Write(content);
    }
}
