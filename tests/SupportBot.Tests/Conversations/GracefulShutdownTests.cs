using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Replies;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Storage;

namespace SupportBot.Tests.Conversations;

/// A host asked to stop lets the turns it accepted finish: the answer is sent and logged, nothing is cancelled.
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task ATurnInFlightWhenTheHostStopsIsAnsweredAndLogged()
    {
        using var store = new TestStore();
        var factory = new SupportBotFactory { Store = store };
        _ = factory.Server;
        var sender = new GatedSender();
        // The turn may go on only once shutdown has begun.
        factory.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(sender.Open);
        var conversation = Guid.NewGuid().ToString("N");

        await factory.Services.GetRequiredService<TurnDispatcher>().DispatchAsync(
            CustomerMessages.Message(conversation, "q1", "How do I reset my password?"), sender, CancellationToken.None);
        await sender.Entered;
        await factory.DisposeAsync();

        var answer = Assert.Single(sender.Sent, a => a.Type == ActivityTypes.Message);
        Assert.Equal("q1", answer.ReplyToId);
        Assert.False(sender.SawCancellation);
        await using var database = MigrationTests.Open(store);
        await using var connection = await database.OpenAsync();
        var kinds = await connection.QueryAsync<string>("SELECT kind FROM touchpoints WHERE conversation_id = @conversation ORDER BY id", new { conversation });
        Assert.Equal(["customer_message", "bot_answer"], kinds);
    }

    /// Holds the turn's first send until opened.
    private sealed class GatedSender : IActivitySender
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<Activity> Sent { get; } = [];

        public bool SawCancellation { get; private set; }

        public Task Entered => _entered.Task;

        public void Open() => _open.TrySetResult();

        public async Task<string?> SendAsync(Activity activity, CancellationToken cancellationToken)
        {
            _entered.TrySetResult();
            await _open.Task;
            SawCancellation |= cancellationToken.IsCancellationRequested;
            lock (Sent)
            {
                Sent.Add(activity);
                return $"sent-{Sent.Count}";
            }
        }
    }
}
