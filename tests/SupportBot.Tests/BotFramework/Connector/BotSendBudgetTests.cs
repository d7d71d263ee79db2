using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.BotFramework.Connector;

namespace SupportBot.Tests.BotFramework.Connector;

/// Teams' global limit per bot (50 requests a second, whatever the conversation), on a fake clock: the bucket lets
/// a short burst through, then a steady rate, and no second ever holds more than the limit.
public sealed class BotSendBudgetTests
{
    private readonly FakeTimeProvider _clock = new();

    private BotSendBudget Budget(int perSecond)
        => new(_clock, Options.Create(new ConnectorResilienceOptions { GlobalSendsPerSecond = perSecond }));

    [Fact]
    public void No_second_holds_more_than_the_limit_however_the_sends_fall()
    {
        var budget = Budget(50);
        var sent = new List<DateTimeOffset>();
        for (var i = 0; i < 500; i++)
        {
            for (var wait = budget.TryTake(); wait > TimeSpan.Zero; wait = budget.TryTake())
            {
                _clock.Advance(wait);
            }
            sent.Add(_clock.GetUtcNow());
        }

        var busiest = sent.Max(start => sent.Count(t => t >= start && t < start.AddSeconds(1)));
        Assert.InRange(busiest, 45, 50);
        // A burst of ten, then forty a second: 490 more take 12.25 seconds.
        Assert.InRange((sent[^1] - sent[0]).TotalMilliseconds, 12_249, 12_251);
    }

    [Fact]
    public void Zero_turns_the_limit_off()
    {
        var budget = Budget(0);
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.Equal(TimeSpan.Zero, budget.TryTake()));
    }

    [Fact]
    public async Task Calls_to_different_conversations_share_the_bots_budget()
    {
        var settings = Options.Create(new ConnectorResilienceOptions { GlobalSendsPerSecond = 5 });
        var channel = new RecordingChannel();
        using var invoker = new HttpMessageInvoker(new ConversationPacingHandler(new ConversationPacing(_clock), new BotSendBudget(_clock, settings), settings) { InnerHandler = channel });

        // Five a second: a burst of one, then four a second, whichever conversation (or members call) it is.
        await invoker.SendAsync(Post("a:1"), CancellationToken.None);
        var second = invoker.SendAsync(Post("a:2"), CancellationToken.None);
        var members = invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://smba.trafficmanager.net/teams/v3/conversations/a%3A3/members"), CancellationToken.None);
        Assert.False(second.IsCompleted);
        Assert.Single(channel.Calls);

        _clock.Advance(TimeSpan.FromMilliseconds(250));
        await second;
        Assert.False(members.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(250));
        await members;
        Assert.Equal(3, channel.Calls.Count);
    }

    private static HttpRequestMessage Post(string conversation)
        => new(HttpMethod.Post, $"https://smba.trafficmanager.net/teams/v3/conversations/{Uri.EscapeDataString(conversation)}/activities");

    private sealed class RecordingChannel : HttpMessageHandler
    {
        public List<string> Calls { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Calls)
            {
                Calls.Add(request.RequestUri!.AbsolutePath);
            }
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
