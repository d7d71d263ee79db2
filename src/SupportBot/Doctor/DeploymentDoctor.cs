using System.Data.Common;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Connector;
using SupportBot.Channels.Teams;
using SupportBot.Llm;
using SupportBot.Redis;
using SupportBot.Storage;
using SupportBot.Web;

namespace SupportBot.Doctor;

/// Checks a deployment as Teams and the customers will meet it: the bot's token, its Bot: settings, the public
/// address, the Teams package against Microsoft's schema, and whether PostgreSQL, Redis and the LLM answer.
/// The `doctor` command prints the checklist; DoctorAtStart logs the failures as warnings.
internal sealed class DeploymentDoctor(
    IServiceProvider services,
    IOptions<BotFrameworkOptions> bot,
    IOptions<WebOptions> web,
    IOptions<TeamsAppOptions> teamsApp,
    IOptions<RedisOptions> redis,
    IOptions<LlmOptions> llm,
    Database database)
{
    // Each check that reaches a service gives up after this; a deployment that slow is failing anyway.
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(20);

    public async Task<List<DeploymentCheck>> RunAsync(bool includeLanguageModel, CancellationToken cancellationToken)
    {
        List<DeploymentCheck> checks =
        [
            BotSettings(),
            await WithTimeoutAsync("Bot token", BotTokenAsync, cancellationToken),
            PublicAddress(),
            await TeamsPackageAsync(),
            await WithTimeoutAsync("Store", StoreAsync, cancellationToken),
            await WithTimeoutAsync("Redis", RedisAsync, cancellationToken),
        ];
        if (includeLanguageModel)
        {
            checks.Add(await WithTimeoutAsync("Language model", LanguageModelAsync, cancellationToken));
        }
        return checks;
    }

    private DeploymentCheck BotSettings()
    {
        if (!bot.Value.IsAuthenticationEnabled)
        {
            return DeploymentCheck.Skip("Bot settings", "Bot:MicrosoftAppId is empty: Teams cannot reach the bot (Web Chat needs no app id).");
        }
        var problems = BotSettingsAgreement.Problems(bot.Value, teamsApp.Value);
        return problems.Count == 0
            ? DeploymentCheck.Pass("Bot settings", $"{bot.Value.MicrosoftAppType} app {bot.Value.MicrosoftAppId}")
            : DeploymentCheck.Fail("Bot settings", string.Join(" ", problems));
    }

    private async Task<DeploymentCheck> BotTokenAsync(CancellationToken cancellationToken)
    {
        if (!bot.Value.IsAuthenticationEnabled)
        {
            return DeploymentCheck.Skip("Bot token", "No app id, so no token to get.");
        }
        try
        {
            var token = await services.GetRequiredService<OutboundTokens>().GetTokenAsync(null, cancellationToken);
            return token is { Length: > 0 }
                ? DeploymentCheck.Pass("Bot token", $"{bot.Value.MicrosoftAppType}: the token endpoint issued a token for {bot.Value.ToChannelFromBotOAuthScope}.")
                : DeploymentCheck.Fail("Bot token", "The token endpoint issued an empty token.");
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException or JsonException)
        {
            return DeploymentCheck.Fail("Bot token", $"{ex.Message} The bot cannot reply in Teams until it gets a token.");
        }
    }

    private DeploymentCheck PublicAddress()
    {
        var url = web.Value.PublicBaseUrl;
        if (url.Length == 0)
        {
            return DeploymentCheck.Fail("Public address", "Web:PublicBaseUrl is empty: set it to the bot's public https address (https://support.example.com).");
        }
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            ? DeploymentCheck.Pass("Public address", url)
            : DeploymentCheck.Fail("Public address", $"Web:PublicBaseUrl is {url}; Teams and browsers need an absolute https address.");
    }

    private async Task<DeploymentCheck> TeamsPackageAsync()
    {
        if (!bot.Value.IsAuthenticationEnabled)
        {
            return DeploymentCheck.Skip("Teams app package", "Needs Bot:MicrosoftAppId.");
        }
        var problems = TeamsAppPackage.Check(bot.Value.MicrosoftAppId, teamsApp.Value, web.Value.PublicBaseUrl).ToList();
        if (problems.Count == 0)
        {
            var manifest = TeamsAppPackage.Manifest(bot.Value.MicrosoftAppId, teamsApp.Value, web.Value.PublicBaseUrl);
            var languageFiles = new Dictionary<string, System.Text.Json.Nodes.JsonObject> { [TeamsAppPackage.IndonesianFile] = TeamsAppPackage.IndonesianStrings(teamsApp.Value) };
            problems.AddRange(await TeamsManifestSchema.ProblemsAsync(manifest, languageFiles));
        }
        return problems.Count == 0
            ? DeploymentCheck.Pass("Teams app package", $"manifest {TeamsAppPackage.ManifestVersion} and {TeamsAppPackage.IndonesianFile} pass Microsoft's schema.")
            : DeploymentCheck.Fail("Teams app package", string.Join(" ", problems));
    }

    private async Task<DeploymentCheck> StoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return DeploymentCheck.Pass("Store", $"{database.Description} answers.");
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            return DeploymentCheck.Fail("Store", $"{database.Description}: {ex.Message} Check Storage:ConnectionString and the server's firewall.");
        }
    }

    private async Task<DeploymentCheck> RedisAsync(CancellationToken cancellationToken)
    {
        if (!redis.Value.IsConfigured)
        {
            return DeploymentCheck.Skip("Redis", "Redis:ConnectionString is empty: one instance only.");
        }
        try
        {
            var latency = await services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return DeploymentCheck.Pass("Redis", $"answers PING in {latency.TotalMilliseconds:0} ms.");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return DeploymentCheck.Fail("Redis", $"{ex.Message} Check Redis:ConnectionString (host:port,password=...,ssl=True).");
        }
    }

    private async Task<DeploymentCheck> LanguageModelAsync(CancellationToken cancellationToken)
    {
        if (!llm.Value.IsConfigured)
        {
            return DeploymentCheck.Skip("Language model", "Llm:Endpoint or Llm:ChatModel is empty: answers come from the knowledge base alone.");
        }
        try
        {
            await services.GetRequiredService<LanguageModel>().PingAsync(cancellationToken);
            return DeploymentCheck.Pass("Language model", $"{llm.Value.ChatModel} at {llm.Value.Endpoint} answers.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever the SDK throws (HTTP status, authentication, DNS), the model does not answer this host.
            return DeploymentCheck.Fail("Language model", $"{llm.Value.Endpoint}: {ex.Message} Check Llm:Endpoint, Llm:ChatModel and Llm:ApiKey (or the identity's role with Llm:UseEntraId).");
        }
    }

    private static async Task<DeploymentCheck> WithTimeoutAsync(
        string name, Func<CancellationToken, Task<DeploymentCheck>> check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            return await check(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeploymentCheck.Fail(name, $"No answer within {CheckTimeout.TotalSeconds:0} s.");
        }
    }
}
