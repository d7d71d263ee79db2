using System.Net.WebSockets;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework;
using SupportBot.BotFramework.DirectLine;
using SupportBot.BotFramework.Schema;
using SupportBot.Storage;
using SupportBot.Tests.Agents;
using SupportBot.Tests.Channels;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Redis;

/// Two instances on one store and one Redis serve one Direct Line conversation: either may take its posts, and the
/// socket held by one receives what the other stored, each activity once and in order.
public sealed class DirectLineAcrossInstancesTests : IDisposable
{
    private readonly RedisServer _redis = new();
    private readonly TestStore _store = new();
    private readonly AgentHost _first;
    private readonly AgentHost _second;

    public DirectLineAcrossInstancesTests()
    {
        var settings = new Dictionary<string, string>
        {
            ["Redis:ConnectionString"] = _redis.ConnectionString,
            ["DirectLine:TokenSigningKey"] = "shared-signing-key-for-every-instance-0123456789",
            ["DirectLine:StreamCatchUpSeconds"] = "1",
        };
        _first = new AgentHost(_store, settings);
        _second = new AgentHost(_store, settings);
    }

    [Fact]
    public async Task ASocketOnOneInstanceReceivesWhatAnotherInstanceStored()
    {
        var customer = await _first.CustomerAsync();
        using var socket = await _second.Factory.Server.CreateWebSocketClient().ConnectAsync(new Uri(customer.StreamUrl!), CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<Activity>();
        await ReceiveUntilAsync(socket, seen, a => a.Text?.Contains("support assistant", StringComparison.Ordinal) == true, timeout.Token);

        await _first.SayAsync(customer, "How do I reset my password?");
        await ReceiveUntilAsync(socket, seen, a => a.Type == ActivityTypes.Message && a.ReplyToId is not null, timeout.Token);

        var stored = await customer.GetActivitiesAsync();
        var streamed = seen.Where(a => a.Type != ActivityTypes.Typing).Select(a => a.Id).ToList();
        Assert.Equal(streamed.Distinct().Count(), streamed.Count);
        Assert.Equal(stored.Activities.Select(a => a.Id).Take(streamed.Count), streamed);
        Assert.Contains(seen, a => a.Text == "How do I reset my password?");
    }

    [Fact]
    public async Task AnActivityWhoseNoticeNeverCameReachesTheSocketFromTheStore()
    {
        var customer = await _first.CustomerAsync();
        using var socket = await _second.Factory.Server.CreateWebSocketClient().ConnectAsync(new Uri(customer.StreamUrl!), CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<Activity>();
        await ReceiveUntilAsync(socket, seen, a => a.Text?.Contains("support assistant", StringComparison.Ordinal) == true, timeout.Token);

        // What an instance that died between storing a reply and publishing its notice leaves behind: the reply in
        // the store, and no instance told.
        var sequence = int.Parse((await customer.GetActivitiesAsync()).Watermark!, System.Globalization.CultureInfo.InvariantCulture) + 1;
        var orphan = new Activity
        {
            Type = ActivityTypes.Message,
            Id = $"{customer.ConversationId}|{sequence:D7}",
            Text = "Stored just before its instance died",
            From = new ChannelAccount { Id = "supportbot", Role = "bot" },
            Conversation = new ConversationAccount { Id = customer.ConversationId },
        };
        await using (var connection = await _first.Factory.Services.GetRequiredService<Database>().OpenAsync())
        {
            await connection.ExecuteAsync(
                "INSERT INTO directline_activities (conversation_id, sequence, json) VALUES (@id, @sequence, @json)",
                new { id = customer.ConversationId, sequence, json = BotJson.Serialize(orphan) });
        }

        await ReceiveUntilAsync(socket, seen, a => a.Id == orphan.Id, timeout.Token);
        Assert.Single(seen, a => a.Id == orphan.Id);
    }

    [Fact]
    public async Task InstancesAppendingTogetherGiveEveryActivityItsOwnSequence()
    {
        var customer = await _first.CustomerAsync();
        var onSecond = new DirectLineClient(_second.Factory.CreateClient());
        onSecond.Adopt(customer);

        var posts = Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? customer : onSecond)
            .PostAsync(new { type = "event", name = "note", from = new { id = "customer" }, value = i }));
        foreach (var response in await Task.WhenAll(posts))
        {
            response.EnsureSuccessStatusCode();
        }

        var fromFirst = await customer.GetActivitiesAsync();
        var fromSecond = await onSecond.GetActivitiesAsync();
        var ids = fromSecond.Activities.Select(a => a.Id!).ToList();
        Assert.Equal(fromFirst.Activities.Select(a => a.Id), ids);
        Assert.Equal(10, fromSecond.Activities.Count(a => a.Name == "note"));
        Assert.Equal(Enumerable.Range(1, ids.Count), ids.Select(id => int.Parse(id.Split('|')[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), fromSecond.Watermark);
    }

    private static async Task ReceiveUntilAsync(WebSocket socket, List<Activity> seen, Func<Activity, bool> done, CancellationToken cancellationToken)
    {
        while (!seen.Any(done))
        {
            var buffer = new byte[64 * 1024];
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, cancellationToken);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            if (message.Length > 0)
            {
                seen.AddRange(BotJson.Deserialize<ActivitySet>(Encoding.UTF8.GetString(message.ToArray())).Activities);
            }
        }
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        _store.Dispose();
        _redis.Dispose();
    }
}
