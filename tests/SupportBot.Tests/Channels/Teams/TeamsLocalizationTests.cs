using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Channels.Teams;
using SupportBot.Doctor;

namespace SupportBot.Tests.Channels.Teams;

/// The Teams app package in Indonesian: localizationInfo names id.json, the file is in the zip with the translated
/// name, descriptions and commands, and both pass Microsoft's schemas (the vendored v1.19 manifest and language file).
public sealed class TeamsLocalizationTests
{
    private const string AppId = "6a3b2c1d-1111-4222-8333-944455556666";
    private const string BaseUrl = "https://support.example.com";

    [Fact]
    public void The_manifest_names_the_indonesian_file_and_the_package_carries_it()
    {
        var app = new TeamsAppOptions();
        var manifest = TeamsAppPackage.Manifest(AppId, app, BaseUrl);
        using var output = new MemoryStream();
        TeamsAppPackage.Write(output, manifest, app);
        output.Position = 0;
        using var zip = new ZipArchive(output, ZipArchiveMode.Read);

        var localization = manifest["localizationInfo"]!;
        Assert.Equal("en-us", localization["defaultLanguageTag"]!.GetValue<string>());
        var language = Assert.Single(localization["additionalLanguages"]!.AsArray())!;
        Assert.Equal("id", language["languageTag"]!.GetValue<string>());
        using var file = zip.GetEntry(language["file"]!.GetValue<string>())!.Open();
        var strings = JsonDocument.Parse(file).RootElement;
        Assert.Equal("Layanan pelanggan SupportBot", strings.GetProperty("name.full").GetString());
        Assert.Equal(app.Indonesian.ShortDescription, strings.GetProperty("description.short").GetString());
        Assert.Equal("Bicara dengan petugas", strings.GetProperty("bots[0].commandLists[0].commands[0].title").GetString());
        Assert.Equal("Lacak pesanan saya", strings.GetProperty("bots[0].commandLists[0].commands[1].title").GetString());
    }

    [Fact]
    public async Task The_manifest_and_the_indonesian_file_pass_the_teams_schemas()
    {
        var app = new TeamsAppOptions();

        var problems = await TeamsManifestSchema.ProblemsAsync(
            TeamsAppPackage.Manifest(AppId, app, BaseUrl),
            new Dictionary<string, JsonObject> { [TeamsAppPackage.IndonesianFile] = TeamsAppPackage.IndonesianStrings(app) });

        Assert.Empty(problems);
    }

    [Fact]
    public async Task The_schema_refuses_what_teams_would()
    {
        var app = new TeamsAppOptions { AccentColor = "blue", Indonesian = new TeamsAppTranslation { ShortName = new string('x', 31) } };
        var manifest = TeamsAppPackage.Manifest(AppId, app, BaseUrl);
        manifest["bots"]![0]!["scopes"] = new JsonArray("everywhere");

        var problems = await TeamsManifestSchema.ProblemsAsync(
            manifest, new Dictionary<string, JsonObject> { [TeamsAppPackage.IndonesianFile] = TeamsAppPackage.IndonesianStrings(app) });

        Assert.Contains(problems, p => p.StartsWith("manifest.json:", StringComparison.Ordinal) && p.Contains("accentColor", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("manifest.json:", StringComparison.Ordinal) && p.Contains("scopes", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("id.json:", StringComparison.Ordinal) && p.Contains("name.short", StringComparison.Ordinal));
    }
}
