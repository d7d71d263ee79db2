using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using SupportBot.Benchmarks.Load;
using SupportBot.FakeOpenAi;

namespace SupportBot.ScaleOutTests;

/// What the kill tests share: a slow model (so turns are in flight when an instance dies), the channel's connector,
/// and customers' messages posted to /api/messages as an unauthenticated channel (the emulator) posts them.
internal sealed class KilledTurns : IAsyncDisposable
{
    public static readonly string[] Questions = ["How do I reset my password?", "How long does a refund take?"];

    private KilledTurns(FakeOpenAiServer model, ConnectorSink sink)
    {
        Model = model;
        Sink = sink;
        sink.OnAccepted = Keep;
    }

    /// A message the connector accepted; Id is what it answered, which the bot logs as its reply's id.
    public sealed record Reply(string Id, string ConversationId, string? ReplyToId, string? Text);

    public FakeOpenAiServer Model { get; }

    public ConnectorSink Sink { get; }

    /// Every message the bot delivered, in the order it arrived.
    public ConcurrentQueue<Reply> Messages { get; } = new();

    /// Three conversations, two questions each: (conversation, activity id, text).
    public IReadOnlyList<(string Conversation, string Id, string Text)> Activities { get; } =
    [
        .. Enumerable.Range(0, 3).SelectMany(c =>
        {
            var conversation = $"kill-{Guid.NewGuid():N}";
            return Questions.Select((text, i) => (conversation, $"q{i}", text));
        }),
    ];

    public static async Task<KilledTurns> StartAsync()
    {
        var model = await FakeOpenAiServer.StartAsync();
        // Grounded answers, as a good model gives; each call (classify, rewrite, answer) takes this long, so a
        // conversation's turns are in flight for seconds.
        model.Responder = FakeModelAnswers.Respond;
        model.ResponseDelay = TimeSpan.FromSeconds(0.7);
        return new KilledTurns(model, await ConnectorSink.StartAsync());
    }

    /// LLM mode against the slow model, and short leases so a dead instance's turns are taken over within seconds.
    public Dictionary<string, string> Settings() => new()
    {
        ["Llm:Endpoint"] = Model.Endpoint,
        ["Llm:ApiKey"] = FakeOpenAiServer.ApiKey,
        ["Llm:ChatModel"] = "test-chat",
        ["Llm:RetryBaseDelaySeconds"] = "0.01",
        ["Knowledge:Path"] = Path.Combine(RepositoryRoot(), "knowledge"),
        ["Conversations:Inbox:Lease"] = "00:00:03",
        ["Conversations:Inbox:RecoveryInterval"] = "00:00:00.5",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SupportBot.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("SupportBot.sln not found above " + AppContext.BaseDirectory);
    }

    public async Task PostAllAsync(HostProcess instance)
    {
        foreach (var (conversation, id, text) in Activities)
        {
            await PostAsync(instance, conversation, id, text);
        }
    }

    public async Task PostAsync(HostProcess instance, string conversation, string id, string text)
    {
        {
            var activity = JsonSerializer.Serialize(new
            {
                type = "message",
                id,
                channelId = "emulator",
                serviceUrl = Sink.ServiceUrl,
                locale = "en-US",
                conversation = new { id = conversation },
                from = new { id = $"customer-{conversation}", name = "Customer", role = "user" },
                recipient = new { id = "bot", name = "Bot", role = "bot" },
                text,
            });
            using var response = await instance.Http.PostAsync(
                new Uri("/api/messages", UriKind.Relative), new StringContent(activity, Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode, $"POST /api/messages: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{instance.Output}");
        }
    }

    public int Answered => Messages.Count(m => m.ReplyToId is not null);

    /// Every activity answered, and no reply delivered twice (the fake model's answers may escalate: then the
    /// handoff's messages are the replies).
    public void AssertEachAnsweredOnce()
    {
        var replies = Replies();
        var listing = "Replies at the connector:\n" + string.Join("\n", replies.Select(r => $"{r.ConversationId}/{r.ReplyToId}: {r.Text}"));
        Assert.True(replies.Select(r => (r.ConversationId, r.ReplyToId, r.Text)).Distinct().Count() == replies.Count, listing);
        Assert.True(Activities.All(a => replies.Any(r => r.ConversationId == a.Conversation && r.ReplyToId == a.Id)), listing);
    }

    /// The touchpoint log holds each question once, and at most one bot reply to each, naming a delivered reply.
    public void AssertLoggedOnce(IReadOnlyList<(string ConversationId, string Kind, string? ActivityId)> touchpoints)
    {
        var delivered = Replies().ToDictionary(r => r.Id);
        foreach (var conversation in Activities.GroupBy(a => a.Conversation))
        {
            var log = touchpoints.Where(t => t.ConversationId == conversation.Key).ToList();
            Assert.Equal(conversation.Select(a => a.Id).Order(StringComparer.Ordinal),
                log.Where(t => t.Kind == "customer_message").Select(t => t.ActivityId!).Order(StringComparer.Ordinal));
            var answered = log.Where(t => t.Kind is "bot_answer" or "escalation" or "small_talk")
                .Select(t => delivered.TryGetValue(t.ActivityId ?? string.Empty, out var reply) ? reply.ReplyToId : $"undelivered {t.ActivityId}")
                .ToList();
            Assert.NotEmpty(answered);
            Assert.Equal(answered.Distinct().Order(StringComparer.Ordinal), answered.Order(StringComparer.Ordinal));
            Assert.All(answered, id => Assert.Contains(id, conversation.Select(a => a.Id)));
        }
    }

    private List<Reply> Replies() => [.. Messages.Where(m => Activities.Any(a => a.Conversation == m.ConversationId))];

    private void Keep(string conversationId, JsonElement activity, string id)
    {
        if (activity.TryGetProperty("type", out var type) && type.GetString() == "message")
        {
            Messages.Enqueue(new Reply(
                id,
                conversationId,
                activity.TryGetProperty("replyToId", out var replyTo) ? replyTo.GetString() : null,
                activity.TryGetProperty("text", out var text) ? text.GetString() : null));
        }
    }

    public async Task WaitUntilAsync(Func<Task<bool>> done, Func<string> diagnostics)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await done())
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Not every turn was run within 60 s ({Answered} answers at the connector).\n{diagnostics()}");
    }

    public async ValueTask DisposeAsync()
    {
        await Sink.DisposeAsync();
        await Model.DisposeAsync();
    }
}
