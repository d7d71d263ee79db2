using Microsoft.Extensions.DependencyInjection;
using SupportBot.Cli;
using SupportBot.Doctor;
using SupportBot.FakeOpenAi;
using SupportBot.Tests.Channels.BotFramework;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Doctor;

/// `doctor` against a deployment whose services are real (the store) or faithful fakes on loopback (the Entra token
/// endpoint, the managed identity endpoint, an OpenAI-compatible server): what passes, what fails, and that each
/// failure names the setting to fix.
public sealed class DoctorTests
{
    private const string AppId = "6a3b2c1d-1111-4222-8333-944455556666";
    private const string TenantId = "0f1e2d3c-4b5a-4697-8877-665544332211";

    // Nothing listens on the discard port: connections to it are refused at once.
    private const string Nowhere = "127.0.0.1:9";

    [Fact]
    public async Task A_healthy_deployment_passes_every_check_and_exits_zero()
    {
        await using var channel = await FakeConnectorChannel.StartAsync();
        await using var model = await FakeOpenAiServer.StartAsync();
        using var factory = new SupportBotFactory { UseFakeClock = false };
        factory.Settings["Bot:MicrosoftAppId"] = AppId;
        factory.Settings["Bot:MicrosoftAppPassword"] = "s3cret";
        factory.Settings["Bot:MicrosoftAppType"] = "SingleTenant";
        factory.Settings["Bot:MicrosoftAppTenantId"] = TenantId;
        factory.Settings["Bot:ToChannelFromBotLoginUrlPrefix"] = channel.ServiceUrl;
        factory.Settings["Web:PublicBaseUrl"] = "https://support.example.com";
        factory.Settings["Llm:Endpoint"] = model.Endpoint;
        factory.Settings["Llm:ChatModel"] = "gpt-test";
        factory.Settings["Llm:ApiKey"] = FakeOpenAiServer.ApiKey;
        _ = factory.Server;

        var checks = await factory.Services.GetRequiredService<DeploymentDoctor>().RunAsync(includeLanguageModel: true, CancellationToken.None);

        Assert.DoesNotContain(checks, c => c.Outcome == CheckOutcome.Failed);
        Assert.Equal(
            ["Bot settings", "Bot token", "Public address", "Teams app package", "Store", "Language model"],
            checks.Where(c => c.Outcome == CheckOutcome.Passed).Select(c => c.Name));
        Assert.Equal(CheckOutcome.Skipped, Assert.Single(checks, c => c.Name == "Redis").Outcome);
        var tokenRequest = Assert.Single(channel.TokenRequests);
        Assert.Contains("grant_type=client_credentials", tokenRequest, StringComparison.Ordinal);
        Assert.Contains($"client_id={AppId}", tokenRequest, StringComparison.Ordinal);
        Assert.True(model.ChatRequests >= 1);
        Assert.Equal(0, await DoctorCommand.RunAsync(factory.Services));
    }

    [Fact]
    public async Task A_managed_identity_gets_its_token_from_the_identity_endpoint()
    {
        await using var channel = await FakeConnectorChannel.StartAsync();
        using var factory = new SupportBotFactory { UseFakeClock = false };
        factory.Settings["Bot:MicrosoftAppId"] = AppId;
        factory.Settings["Bot:MicrosoftAppType"] = "UserAssignedMSI";
        factory.Settings["Bot:MicrosoftAppTenantId"] = TenantId;
        factory.Settings["Bot:ManagedIdentityEndpoint"] = channel.ServiceUrl.TrimEnd('/') + "/msi/token";
        factory.Settings["Web:PublicBaseUrl"] = "https://support.example.com";
        _ = factory.Server;

        var checks = await factory.Services.GetRequiredService<DeploymentDoctor>().RunAsync(includeLanguageModel: true, CancellationToken.None);

        Assert.DoesNotContain(checks, c => c.Outcome == CheckOutcome.Failed);
        Assert.Contains($"client_id={AppId}", Assert.Single(channel.TokenRequests), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_deployment_fails_each_check_naming_what_to_fix_and_exits_one()
    {
        using var factory = new SupportBotFactory { UseFakeClock = false };
        factory.Settings["Bot:MicrosoftAppId"] = AppId;
        // A managed identity with a leftover secret and no tenant, and an identity endpoint that does not answer.
        factory.Settings["Bot:MicrosoftAppType"] = "UserAssignedMSI";
        factory.Settings["Bot:MicrosoftAppPassword"] = "left-over";
        factory.Settings["Bot:OAuthConnectionName"] = "teams-sso";
        factory.Settings["Bot:ManagedIdentityEndpoint"] = $"http://{Nowhere}/msi/token";
        factory.Settings["Web:PublicBaseUrl"] = "http://support.example.com";
        factory.Settings["Redis:ConnectionString"] = $"{Nowhere},connectTimeout=500";
        factory.Settings["Llm:Endpoint"] = $"http://{Nowhere}/v1";
        factory.Settings["Llm:ChatModel"] = "gpt-test";
        factory.Settings["Llm:MaxRetryAttempts"] = "0";
        _ = factory.Server;

        var checks = (await factory.Services.GetRequiredService<DeploymentDoctor>().RunAsync(includeLanguageModel: true, CancellationToken.None))
            .ToDictionary(c => c.Name);

        Assert.Equal(CheckOutcome.Failed, checks["Bot settings"].Outcome);
        Assert.Contains("remove Bot:MicrosoftAppPassword", checks["Bot settings"].Detail, StringComparison.Ordinal);
        Assert.Contains("Bot:MicrosoftAppTenantId", checks["Bot settings"].Detail, StringComparison.Ordinal);
        Assert.Contains("TeamsApp:SsoResource", checks["Bot settings"].Detail, StringComparison.Ordinal);
        Assert.Equal(CheckOutcome.Failed, checks["Bot token"].Outcome);
        Assert.Equal(CheckOutcome.Failed, checks["Public address"].Outcome);
        Assert.Contains("https", checks["Public address"].Detail, StringComparison.Ordinal);
        Assert.Equal(CheckOutcome.Failed, checks["Teams app package"].Outcome);
        Assert.Contains("TeamsApp:WebsiteUrl", checks["Teams app package"].Detail, StringComparison.Ordinal);
        Assert.Equal(CheckOutcome.Failed, checks["Redis"].Outcome);
        Assert.Contains("Redis:ConnectionString", checks["Redis"].Detail, StringComparison.Ordinal);
        Assert.Equal(CheckOutcome.Failed, checks["Language model"].Outcome);
        Assert.Contains("Llm:Endpoint", checks["Language model"].Detail, StringComparison.Ordinal);
        Assert.Equal(CheckOutcome.Passed, checks["Store"].Outcome);
        Assert.Equal(1, await DoctorCommand.RunAsync(factory.Services));
    }

    [Fact]
    public async Task At_start_each_failed_check_is_a_warning_in_the_log()
    {
        var logs = new CapturedLogs();
        using var factory = new SupportBotFactory();
        factory.Settings["Doctor:AtStart"] = "true";
        factory.Settings["Web:PublicBaseUrl"] = "http://support.example.com";
        using var host = logs.Attach(factory);
        _ = host.Server;

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!logs.Contains("Deployment check failed: Public address") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        var warning = Assert.Single(logs.Lines, line => line.Contains("Deployment check failed", StringComparison.Ordinal));
        Assert.StartsWith("Warning", warning, StringComparison.Ordinal);
        Assert.Contains("Web:PublicBaseUrl", warning, StringComparison.Ordinal);
    }
}
