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
    public const string LocalizationSchemaUrl = "https://developer.microsoft.com/json-schemas/teams/v1.19/MicrosoftTeams.Localization.schema.json";

    /// The language file of the package's one other language, Indonesian: the bot answers in it too.
    public const string IndonesianFile = "id.json";
    /// The Bot Framework Token Service's sign-in pages, which a bot's SSO manifest lists.
    public const string TokenServiceDomain = "token.botframework.com";
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
        if (app.SsoResource.Length > 0 && !Uri.TryCreate(app.SsoResource, UriKind.Absolute, out _))
        {
            problems.Add("TeamsApp:SsoResource must be the SSO app's Application ID URI, such as api://botid-{app id}.");
        }
        if (app.SsoAppId.Length > 0 && !Guid.TryParse(app.SsoAppId, out _))
        {
            problems.Add("TeamsApp:SsoAppId must be the SSO app's client id (a GUID), or empty for the bot's own.");
        }
        problems.AddRange(TeamsIcons.Problems(app));
        return problems;
    }

    public static JsonObject Manifest(string appId, TeamsAppOptions app, string publicBaseUrl)
    {
        var urls = Urls(app, publicBaseUrl).ToDictionary(u => u.Setting, u => u.Url);
        var manifest = new JsonObject
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
            ["localizationInfo"] = new JsonObject
            {
                ["defaultLanguageTag"] = "en-us",
                ["additionalLanguages"] = new JsonArray(new JsonObject { ["languageTag"] = Languages.Indonesian, ["file"] = IndonesianFile }),
            },
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
                        new JsonObject { ["scopes"] = new JsonArray("personal", "team", "groupChat"), ["commands"] = Commands(English) },
                    },
                },
            },
            ["permissions"] = new JsonArray("identity", "messageTeamMembers"),
            ["validDomains"] = new JsonArray(new Uri(urls["TeamsApp:WebsiteUrl"]).Host),
        };
        if (app.SsoResource.Length > 0)
        {
            // Single sign-on: Teams gets a token for this app silently and the bot exchanges it through the token service,
            // whose sign-in pages the OAuth card's button opens.
            manifest["webApplicationInfo"] = new JsonObject { ["id"] = app.SsoAppId.Length > 0 ? app.SsoAppId : appId, ["resource"] = app.SsoResource };
            manifest["validDomains"]!.AsArray().Add(TokenServiceDomain);
        }
        return manifest;
    }

    /// The Indonesian language file: the translated name, descriptions and commands, keyed by their place in the manifest.
    public static JsonObject IndonesianStrings(TeamsAppOptions app)
    {
        var strings = new JsonObject
        {
            ["$schema"] = LocalizationSchemaUrl,
            ["name.short"] = app.Indonesian.ShortName,
            ["name.full"] = app.Indonesian.FullName,
            ["description.short"] = app.Indonesian.ShortDescription,
            ["description.full"] = app.Indonesian.FullDescription,
        };
        var commands = Commands(Indonesian);
        for (var i = 0; i < commands.Count; i++)
        {
            strings[$"bots[0].commandLists[0].commands[{i}].title"] = commands[i]!["title"]!.GetValue<string>();
            strings[$"bots[0].commandLists[0].commands[{i}].description"] = commands[i]!["description"]!.GetValue<string>();
        }
        return strings;
    }

    public static void Write(Stream output, JsonObject manifest, TeamsAppOptions app)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Add(zip, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest, Indented));
        Add(zip, IndonesianFile, JsonSerializer.SerializeToUtf8Bytes(IndonesianStrings(app), Indented));
        Add(zip, ColorIcon, TeamsIcons.Color(app));
        Add(zip, OutlineIcon, TeamsIcons.Outline(app));
    }

    private static readonly (string Language, string Title, string Description) English =
        (Languages.English, "Track my order", "Ask anything the help center covers, like tracking an order.");

    private static readonly (string Language, string Title, string Description) Indonesian =
        (Languages.Indonesian, "Lacak pesanan saya", "Tanyakan apa saja yang dibahas pusat bantuan, seperti melacak pesanan.");

    // The same commands in every language, in the same order: the language file names them by index.
    private static JsonArray Commands((string Language, string Title, string Description) example) =>
    [
        new JsonObject { ["title"] = BotMessages.For(example.Language).TalkToPerson, ["description"] = BotMessages.For(example.Language).TalkToPersonDescription },
        new JsonObject { ["title"] = example.Title, ["description"] = example.Description },
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
