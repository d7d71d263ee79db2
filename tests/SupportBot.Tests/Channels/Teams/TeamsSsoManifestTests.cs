using System.Text.Json.Nodes;
using SupportBot.Channels.Teams;
using SupportBot.Doctor;

namespace SupportBot.Tests.Channels.Teams;

/// Single sign-on in the Teams app package: webApplicationInfo names the SSO app and its resource when
/// TeamsApp:SsoResource is set (and the token service's sign-in domain is valid), and the manifest still passes
/// Microsoft's vendored schema; without it the manifest has no webApplicationInfo.
public sealed class TeamsSsoManifestTests
{
    private const string AppId = "6a3b2c1d-1111-4222-8333-944455556666";
    private const string BaseUrl = "https://support.example.com";

    [Fact]
    public async Task With_an_sso_resource_the_manifest_carries_web_application_info_and_passes_the_schema()
    {
        var app = new TeamsAppOptions { SsoResource = $"api://botid-{AppId}" };

        var manifest = TeamsAppPackage.Manifest(AppId, app, BaseUrl);

        var info = manifest["webApplicationInfo"]!;
        Assert.Equal(AppId, info["id"]!.GetValue<string>());
        Assert.Equal($"api://botid-{AppId}", info["resource"]!.GetValue<string>());
        Assert.Contains("token.botframework.com", manifest["validDomains"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Empty(TeamsAppPackage.Check(AppId, app, BaseUrl));
        Assert.Empty(await TeamsManifestSchema.ProblemsAsync(
            manifest, new Dictionary<string, JsonObject> { [TeamsAppPackage.IndonesianFile] = TeamsAppPackage.IndonesianStrings(app) }));
    }

    [Fact]
    public void A_separate_sso_app_is_named_by_its_own_id()
    {
        var ssoApp = "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8";
        var manifest = TeamsAppPackage.Manifest(AppId, new TeamsAppOptions { SsoResource = "api://support.example.com/sso", SsoAppId = ssoApp }, BaseUrl);

        Assert.Equal(ssoApp, manifest["webApplicationInfo"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void Without_sso_there_is_no_web_application_info_and_bad_sso_settings_are_named()
    {
        Assert.Null(TeamsAppPackage.Manifest(AppId, new TeamsAppOptions(), BaseUrl)["webApplicationInfo"]);

        var problems = TeamsAppPackage.Check(AppId, new TeamsAppOptions { SsoResource = "botid", SsoAppId = "not-a-guid" }, BaseUrl);

        Assert.Contains(problems, p => p.StartsWith("TeamsApp:SsoResource", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("TeamsApp:SsoAppId", StringComparison.Ordinal));
    }
}
