using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupportBot.Channels.Teams;

namespace SupportBot.Tests.Channels.Teams;

public sealed partial class TeamsAppPackageTests
{
    private const string AppId = "6a3b2c1d-1111-4222-8333-944455556666";
    private const string BaseUrl = "https://support.example.com";

    // The top-level and nested required fields, patterns and lengths of the published Teams manifest schema
    // (MicrosoftTeams.schema.json).
    private static readonly string[] RequiredTopLevel = ["manifestVersion", "version", "id", "developer", "name", "description", "icons", "accentColor"];

    private static (JsonElement Manifest, ZipArchive Zip) Build(TeamsAppOptions? app = null)
    {
        app ??= new TeamsAppOptions();
        var output = new MemoryStream();
        TeamsAppPackage.Write(output, TeamsAppPackage.Manifest(AppId, app, BaseUrl), app);
        output.Position = 0;
        var zip = new ZipArchive(output, ZipArchiveMode.Read);
        using var manifest = zip.GetEntry("manifest.json")!.Open();
        return (JsonDocument.Parse(manifest).RootElement.Clone(), zip);
    }

    [Fact]
    public void The_manifest_has_every_field_the_published_schema_requires()
    {
        var (manifest, _) = Build();
        foreach (var field in RequiredTopLevel)
        {
            Assert.True(manifest.TryGetProperty(field, out _), $"manifest.json lacks the required field '{field}'");
        }
        Assert.Equal(TeamsAppPackage.ManifestVersion, manifest.GetProperty("manifestVersion").GetString());
        Assert.Matches(SemVer(), manifest.GetProperty("version").GetString()!);
        Assert.Matches(Guid(), manifest.GetProperty("id").GetString()!);
        Assert.Matches(HexColor(), manifest.GetProperty("accentColor").GetString()!);

        var developer = manifest.GetProperty("developer");
        Assert.InRange(developer.GetProperty("name").GetString()!.Length, 1, 32);
        foreach (var url in new[] { "websiteUrl", "privacyUrl", "termsOfUseUrl" })
        {
            Assert.StartsWith("https://", developer.GetProperty(url).GetString(), StringComparison.Ordinal);
        }
        Assert.InRange(manifest.GetProperty("name").GetProperty("short").GetString()!.Length, 1, 30);
        Assert.InRange(manifest.GetProperty("name").GetProperty("full").GetString()!.Length, 1, 100);
        Assert.InRange(manifest.GetProperty("description").GetProperty("short").GetString()!.Length, 1, 80);
        Assert.InRange(manifest.GetProperty("description").GetProperty("full").GetString()!.Length, 1, 4000);
    }

    [Fact]
    public void The_bot_is_the_configured_app_in_every_scope_with_commands_within_limits()
    {
        var (manifest, _) = Build();
        var bot = Assert.Single(manifest.GetProperty("bots").EnumerateArray());
        Assert.Equal(AppId, bot.GetProperty("botId").GetString());
        Assert.Equal(["personal", "team", "groupChat"], bot.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).ToArray());
        var commands = bot.GetProperty("commandLists").EnumerateArray().SelectMany(l => l.GetProperty("commands").EnumerateArray()).ToList();
        Assert.NotEmpty(commands);
        Assert.All(commands, c =>
        {
            Assert.InRange(c.GetProperty("title").GetString()!.Length, 1, 32);
            Assert.InRange(c.GetProperty("description").GetString()!.Length, 1, 128);
        });
        Assert.Equal("support.example.com", Assert.Single(manifest.GetProperty("validDomains").EnumerateArray()).GetString());
    }

    [Fact]
    public void The_package_holds_both_icons_at_the_sizes_Teams_requires()
    {
        var (manifest, zip) = Build();
        var icons = manifest.GetProperty("icons");
        Assert.Equal((192, 192), ReadSize(zip, icons.GetProperty("color").GetString()!));
        Assert.Equal((32, 32), ReadSize(zip, icons.GetProperty("outline").GetString()!));
        Assert.Equal(["color.png", "id.json", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Without_an_app_id_or_an_https_address_the_package_is_refused_naming_the_settings()
    {
        var problems = TeamsAppPackage.Check(appId: "", new TeamsAppOptions(), publicBaseUrl: "http://localhost:5000");
        Assert.Contains(problems, p => p.Contains("Bot:MicrosoftAppId", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("TeamsApp:WebsiteUrl", StringComparison.Ordinal));
        Assert.Empty(TeamsAppPackage.Check(AppId, new TeamsAppOptions(), BaseUrl));
    }

    [Fact]
    public void A_company_icon_replaces_the_built_in_one_and_a_wrong_size_is_refused_naming_the_setting()
    {
        var folder = Directory.CreateTempSubdirectory("teams-icons-").FullName;
        var logo = Path.Combine(folder, "logo.png");
        var (_, builtIn) = Build();
        using (var outline = builtIn.GetEntry("outline.png")!.Open())
        using (var file = File.Create(logo))
        {
            outline.CopyTo(file); // a real 32×32 PNG
        }

        var asOutline = new TeamsAppOptions { OutlineIconPath = logo };
        var asColor = new TeamsAppOptions { ColorIconPath = logo };

        Assert.Empty(TeamsAppPackage.Check(AppId, asOutline, BaseUrl));
        Assert.Equal(File.ReadAllBytes(logo), ReadAll(Build(asOutline).Zip, "outline.png"));
        Assert.Contains(TeamsAppPackage.Check(AppId, asColor, BaseUrl), p => p.StartsWith("TeamsApp:ColorIconPath must be a 192×192 PNG", StringComparison.Ordinal));
        Assert.Contains(TeamsAppPackage.Check(AppId, new TeamsAppOptions { ColorIconPath = Path.Combine(folder, "none.png") }, BaseUrl),
            p => p.StartsWith("TeamsApp:ColorIconPath: no file", StringComparison.Ordinal));
        Directory.Delete(folder, recursive: true);
    }

    private static byte[] ReadAll(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static (int, int) ReadSize(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return TeamsIcons.ReadSize(copy.ToArray()) ?? throw new InvalidDataException($"{name} is not a PNG.");
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex SemVer();

    [GeneratedRegex("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")]
    private static partial Regex Guid();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColor();
}
