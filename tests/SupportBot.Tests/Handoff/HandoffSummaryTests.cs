using Microsoft.Extensions.DependencyInjection;
using SupportBot.FakeOpenAi;
using SupportBot.Handoff;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Handoff;

/// The brief the agent reads: the language model's summary when one is configured, else the reason and the
/// customer's own words; personal data masked either way.
public sealed class HandoffSummaryTests
{
    private static Touchpoint Said(string kind, string text) => new()
    {
        OccurredAt = DateTimeOffset.UtcNow,
        ConversationId = "c1",
        Channel = "directline",
        CustomerId = "u1",
        Kind = kind,
        Text = text,
    };

    private static readonly Touchpoint[] Transcript =
    [
        Said(TouchpointKind.CustomerMessage, "My hub is offline again, call me on 0812 3456 7890"),
        Said(TouchpointKind.BotAnswer, "A solid orange light means the hub lost Wi-Fi..."),
        Said(TouchpointKind.CustomerMessage, "This is useless, I'm fed up"),
    ];

    [Fact]
    public void Without_a_model_the_brief_is_the_reason_and_the_customers_words()
    {
        var brief = HandoffSummarizer.Extractive(Transcript, "negative_sentiment");

        Assert.StartsWith("Handed over: negative sentiment.", brief, StringComparison.Ordinal);
        Assert.Contains("\"This is useless, I'm fed up\"", brief, StringComparison.Ordinal);
        Assert.Contains("The bot answered 1 question(s)", brief, StringComparison.Ordinal);
        Assert.DoesNotContain("3456 7890", brief, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_model_the_brief_is_its_summary_of_the_masked_transcript()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Responder = _ => "The customer's hub keeps going offline; the bot's Wi-Fi answer did not help and they are frustrated.";
        using var factory = new SupportBotFactory { UseFakeClock = false };
        factory.WithModel(server.Endpoint);
        _ = factory.Server;

        var brief = await factory.Services.GetRequiredService<HandoffSummarizer>().SummarizeAsync(Transcript, "negative_sentiment", CancellationToken.None);

        Assert.StartsWith("The customer's hub keeps going offline", brief, StringComparison.Ordinal);
        Assert.EndsWith("Handed over: negative sentiment.", brief, StringComparison.Ordinal);
        var request = Assert.Single(server.Requests);
        Assert.Contains("---BEGIN TRANSCRIPT---", request.AllText, StringComparison.Ordinal);
        Assert.Contains("Customer: This is useless, I'm fed up", request.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("3456 7890", request.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_model_leaves_the_extractive_brief()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.DownWith = 500;
        using var factory = new SupportBotFactory { UseFakeClock = false };
        factory.WithModel(server.Endpoint);
        factory.Settings["Llm:MaxRetryAttempts"] = "0";
        _ = factory.Server;

        var brief = await factory.Services.GetRequiredService<HandoffSummarizer>().SummarizeAsync(Transcript, "negative_sentiment", CancellationToken.None);

        Assert.Equal(HandoffSummarizer.Extractive(Transcript, "negative_sentiment"), brief);
    }
}
