using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using SupportBot.Conversations;
using SupportBot.Telemetry;
using SupportBot.Tests.Conversations;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Telemetry;

/// APPLICATIONINSIGHTS_CONNECTION_STRING (what the Bicep deployment sets) sends the turn spans to Application Insights'
/// ingestion endpoint, here a loopback fake that speaks its wire format.
[Collection(nameof(TelemetryTests))]
public sealed class AppInsightsExportTests
{
    [Fact]
    public async Task A_turn_reaches_application_insights_as_a_request_or_dependency_item()
    {
        await using var insights = await FakeAppInsights.StartAsync();
        using var factory = new SupportBotFactory { UseFakeClock = false };
        factory.Settings[TelemetryServices.AppInsightsSetting] = insights.ConnectionString;
        _ = factory.Server;
        var conversation = Guid.NewGuid().ToString("N");

        await factory.Services.GetRequiredService<TurnDispatcher>()
            .DispatchAsync(CustomerMessages.Message(conversation, "q1", "How do I reset my password?"), new RecordingSender(), CancellationToken.None);
        await factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        Assert.True(factory.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));

        var turn = Assert.Single(insights.Items, item => Properties(item).Any(p => p.Name == "supportbot.conversation_id" && p.Value.GetString() == conversation));
        Assert.Equal(FakeAppInsights.InstrumentationKey, turn.GetProperty("iKey").GetString());
        Assert.Equal("turn message", turn.GetProperty("data").GetProperty("baseData").GetProperty("name").GetString());
    }

    private static List<JsonProperty> Properties(JsonElement item)
        => item.GetProperty("data").GetProperty("baseData").TryGetProperty("properties", out var properties)
            ? [.. properties.EnumerateObject()]
            : [];
}
