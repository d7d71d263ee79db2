using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Tests.Conversations;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Answering;

/// Whole conversations over the sample knowledge base, in English and Indonesian, through the live turn pipeline:
/// each names how its last message must be handled, an escalation reason or an answer (from a given article).
public sealed class ConversationSuiteTests : IClassFixture<SupportBotFactory>
{
    private readonly SupportBotFactory _factory;

    public ConversationSuiteTests(SupportBotFactory factory)
    {
        _factory = factory;
        _ = factory.Server;
    }

    public static TheoryData<string> Names => [.. Suite.Value.Keys];

    private static readonly Lazy<Dictionary<string, Conversation>> Suite = new(() =>
        JsonSerializer.Deserialize<List<Conversation>>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Answering", "Conversations", "conversations.json")))!
            .ToDictionary(c => c.Name, StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Names))]
    public async Task The_last_message_is_handled_as_the_conversation_expects(string name)
    {
        var conversation = Suite.Value[name];
        var (lastReply, lastLog) = await ConverseAsync(conversation.Messages);

        var escalation = lastLog.FirstOrDefault(t => t.Kind == TouchpointKind.Escalation);
        Assert.Equal(conversation.Reason, escalation?.Reason);
        if (conversation.Reason is null)
        {
            var answer = Assert.Single(lastLog, t => t.Kind == TouchpointKind.BotAnswer);
            if (conversation.Article is { } article)
            {
                Assert.Equal(article, Assert.Single(answer.CitedArticleIds));
            }
        }
        Assert.False(string.IsNullOrWhiteSpace(lastReply));
    }

    // The touchpoints the last message produced and the first reply to it.
    private async Task<(string Reply, List<Touchpoint> Log)> ConverseAsync(IReadOnlyList<string> messages)
    {
        var sender = new RecordingSender();
        var id = Guid.NewGuid().ToString("N");
        var repliesBefore = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            repliesBefore = sender.Sent.Count(a => a.Type == ActivityTypes.Message);
            await _factory.Services.GetRequiredService<TurnDispatcher>().DispatchAsync(CustomerMessages.Message(id, $"m{i}", messages[i]), sender, CancellationToken.None);
            await _factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        }
        var replies = sender.Sent.Where(a => a.Type == ActivityTypes.Message).Select(a => a.Text!).ToList();
        var log = await _factory.Services.GetRequiredService<TouchpointStore>().GetRecentAsync(id, 50, CancellationToken.None);
        var lastMessage = log.ToList().FindLastIndex(t => t.Kind == TouchpointKind.CustomerMessage);
        return (replies[repliesBefore], [.. log.Skip(lastMessage + 1)]);
    }

    private sealed record Conversation(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("messages")] IReadOnlyList<string> Messages,
        [property: JsonPropertyName("reason")] string? Reason,
        [property: JsonPropertyName("article")] string? Article);
}
