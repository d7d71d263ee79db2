using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Telemetry;

namespace SupportBot.Tests.Deployment;

/// infra/main.bicep compiles and lints without a single warning, and the ARM template it compiles to deploys what
/// the README's "Deploy to Azure" promises, configured with settings the app actually reads.
public sealed class BicepTests
{
    private static readonly string Template = RepositoryFiles.PathOf("infra", "main.bicep");

    // Settings App Service or the runtime read, not the app's configuration: the environment's name, the port App
    // Service forwards to, and Azure Monitor's own connection-string variable (TelemetryServices reads it).
    private static readonly string[] PlatformSettings = ["ASPNETCORE_ENVIRONMENT", "WEBSITES_PORT", TelemetryServices.AppInsightsSetting];

    // Keys the app reads that appsettings.json leaves out (README's settings table lists them).
    private static readonly string[] OtherAppSettings = ["OpenTelemetry:ServiceName", "Redis:ConnectionString"];

    [Fact]
    public async Task The_template_builds_without_warnings()
    {
        var (exitCode, output, errors) = await BicepCli.RunAsync("build", Template, "--stdout");

        Assert.True(exitCode == 0, errors);
        Assert.Equal(string.Empty, errors.Trim());
        Assert.Equal("2019-04-01", JsonNode.Parse(output)!["$schema"]!.GetValue<string>().Split('/')[^2]);
    }

    [Fact]
    public async Task The_linter_finds_nothing()
    {
        var (exitCode, output, errors) = await BicepCli.RunAsync("lint", Template);

        Assert.True(exitCode == 0, output + errors);
        Assert.Equal(string.Empty, (output + errors).Trim());
    }

    [Fact]
    public async Task The_template_deploys_every_resource_the_readme_lists()
    {
        var resources = await ResourcesAsync();

        Assert.Equal(
            [
                "Microsoft.Authorization/roleAssignments", "Microsoft.BotService/botServices", "Microsoft.BotService/botServices/channels",
                "Microsoft.Cache/redis", "Microsoft.DBforPostgreSQL/flexibleServers", "Microsoft.DBforPostgreSQL/flexibleServers/databases",
                "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules", "Microsoft.Insights/components", "Microsoft.KeyVault/vaults",
                "Microsoft.KeyVault/vaults/secrets", "Microsoft.ManagedIdentity/userAssignedIdentities", "Microsoft.OperationalInsights/workspaces",
                "Microsoft.Web/serverfarms", "Microsoft.Web/sites",
            ],
            resources.Select(r => r["type"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal("MsTeamsChannel", Single(resources, "Microsoft.BotService/botServices/channels")["properties"]!["channelName"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_bot_is_the_apps_user_assigned_identity()
    {
        var resources = await ResourcesAsync();
        var bot = Single(resources, "Microsoft.BotService/botServices")["properties"]!;
        var site = Single(resources, "Microsoft.Web/sites");
        var settings = AppSettings(site);

        Assert.Equal("UserAssignedMSI", bot["msaAppType"]!.GetValue<string>());
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", bot["msaAppMSIResourceId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith(".clientId]", bot["msaAppId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(bot["msaAppId"]!.GetValue<string>(), settings["Bot__MicrosoftAppId"]);
        Assert.Equal("UserAssignedMSI", settings["Bot__MicrosoftAppType"]);
        Assert.Contains("/api/messages", bot["endpoint"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("UserAssigned", site["identity"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_app_runs_on_postgres_and_redis_with_its_secrets_from_key_vault()
    {
        var site = Single(await ResourcesAsync(), "Microsoft.Web/sites");
        var settings = AppSettings(site);
        var config = site["properties"]!["siteConfig"]!;

        Assert.Equal("postgres", settings["Storage__Provider"]);
        foreach (var secret in new[] { "Storage__ConnectionString", "Redis__ConnectionString", "DirectLine__Secret", "DirectLine__TokenSigningKey", "Agents__Admin__Password" })
        {
            Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", settings[secret], StringComparison.Ordinal);
        }
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", site["properties"]!["keyVaultReferenceIdentity"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("/healthz", config["healthCheckPath"]!.GetValue<string>());
        Assert.True(config["webSocketsEnabled"]!.GetValue<bool>());
        Assert.Equal("[variables('publicBaseUrl')]", settings["Web__PublicBaseUrl"]);
        Assert.StartsWith("[format('https://", (await TemplateAsync())["variables"]!["publicBaseUrl"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_app_setting_is_one_the_app_reads()
    {
        var settings = AppSettings(Single(await ResourcesAsync(), "Microsoft.Web/sites"));
        var known = ConfigurationKeys(JsonNode.Parse(await File.ReadAllTextAsync(RepositoryFiles.PathOf("appsettings.json")))!, string.Empty)
            .Concat(OtherAppSettings)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var unknown = settings.Keys
            .Where(name => !PlatformSettings.Contains(name))
            .Select(name => name.Replace("__", ":", StringComparison.Ordinal))
            // An array entry (Hosting:KnownNetworks:0) is a value of the array's key.
            .Select(key => key.Split(':') is var parts && int.TryParse(parts[^1], out _) ? string.Join(':', parts[..^1]) : key)
            .Where(key => !known.Contains(key));
        Assert.Empty(unknown);
    }

    [Fact]
    public async Task The_outputs_name_the_app_and_the_bot_endpoint()
    {
        var outputs = (await TemplateAsync())["outputs"]!.AsObject();

        Assert.Equal("[variables('publicBaseUrl')]", outputs["appUrl"]!["value"]!.GetValue<string>());
        Assert.Equal("[format('{0}/api/messages', variables('publicBaseUrl'))]", outputs["botEndpoint"]!["value"]!.GetValue<string>());
        Assert.Contains("botAppId", outputs.Select(o => o.Key));
    }

    private static async Task<JsonNode> TemplateAsync()
    {
        var (exitCode, output, errors) = await BicepCli.RunAsync("build", Template, "--stdout");
        Assert.True(exitCode == 0, errors);
        return JsonNode.Parse(output)!;
    }

    private static async Task<List<JsonNode>> ResourcesAsync()
        => (await TemplateAsync())["resources"]!.AsArray().Select(r => r!).ToList();

    private static JsonNode Single(List<JsonNode> resources, string type) => Assert.Single(resources, r => r["type"]!.GetValue<string>() == type);

    private static Dictionary<string, string> AppSettings(JsonNode site)
        => site["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["value"]!.ToJsonString() is var raw && s["value"]!.GetValueKind() == JsonValueKind.String ? s["value"]!.GetValue<string>() : raw);

    // Every key appsettings.json names, Section:Key style; an array's key stands for its entries.
    private static IEnumerable<string> ConfigurationKeys(JsonNode node, string prefix)
    {
        if (node is not JsonObject section)
        {
            yield return prefix;
            yield break;
        }
        foreach (var (name, child) in section)
        {
            var key = prefix.Length == 0 ? name : $"{prefix}:{name}";
            foreach (var nested in child is null ? [key] : ConfigurationKeys(child, key))
            {
                yield return nested;
            }
        }
    }
}
