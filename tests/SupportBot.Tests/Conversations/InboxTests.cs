using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.BotFramework.Schema;
using SupportBot.Channels.DirectLine;
using SupportBot.Conversations;
using SupportBot.Storage;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Conversations;

/// The durable inbox on the test's store (SQLite, or PostgreSQL in the unit-pg suite): claims, leases, take-overs
/// and attempts. Each "instance" here is an InboundActivities with its own id and clock on the host's store,
/// as instances of one deployment share one store.
public sealed class InboxTests : IClassFixture<SupportBotFactory>
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly SupportBotFactory _factory;

    public InboxTests(SupportBotFactory factory)
    {
        _factory = factory;
        _ = factory.Server;
    }

    private T Get<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    private InboundActivities Instance(TimeProvider clock, int maxAttempts = 5) => new(
        Get<Database>(), Options.Create(new InboxOptions { Lease = Lease, MaxAttempts = maxAttempts }), clock, NullLogger<InboundActivities>.Instance);

    // Ahead of the host's clock, so the host's own sweep never finds these rows expired.
    private FakeTimeProvider Clock() => new(_factory.Clock.GetUtcNow().AddDays(1));

    private static Activity NewMessage(string id = "m1") => CustomerMessages.Message(Guid.NewGuid().ToString("N"), id, "Where is my parcel?");

    [Fact]
    public async Task A_retry_is_dropped_while_the_holder_lives_and_runs_once_its_lease_ran_out()
    {
        var clock = Clock();
        var (first, second) = (Instance(clock), Instance(clock));
        var message = NewMessage();

        var claim = Assert.IsType<InboxClaim>(await first.TryClaimAsync(message, CancellationToken.None));
        Assert.Equal(1, claim.Attempt);
        Assert.Null(await second.TryClaimAsync(message, CancellationToken.None));

        clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var retried = Assert.IsType<InboxClaim>(await second.TryClaimAsync(message, CancellationToken.None));
        Assert.Equal(claim.Arrival, retried.Arrival);
        Assert.Equal(2, retried.Attempt);
        // The retry holds it now: the first instance's own retry is a duplicate.
        Assert.Null(await first.TryClaimAsync(message, CancellationToken.None));
    }

    [Fact]
    public async Task A_done_activity_is_never_run_again()
    {
        var clock = Clock();
        var inbox = Instance(clock);
        var message = NewMessage();
        var claim = Assert.IsType<InboxClaim>(await inbox.TryClaimAsync(message, CancellationToken.None));
        await inbox.CompleteAsync(claim.Arrival, CancellationToken.None);

        clock.Advance(Lease * 3);
        Assert.Null(await Instance(clock).TryClaimAsync(message, CancellationToken.None));
        Assert.DoesNotContain(await inbox.TakeOverExpiredAsync(CancellationToken.None), p => p.Arrival == claim.Arrival);
        var stored = await StoredAsync(claim.Arrival);
        Assert.Equal("done", stored.State);
        Assert.Null(stored.Activity);
    }

    [Fact]
    public async Task Two_survivors_sweeping_at_once_take_each_expired_activity_exactly_once_in_arrival_order()
    {
        var clock = Clock();
        var dead = Instance(clock);
        var conversation = Guid.NewGuid().ToString("N");
        var claims = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            claims.Add((await dead.TryClaimAsync(CustomerMessages.Message(conversation, $"m{i}", $"question {i}"), CancellationToken.None))!.Arrival);
        }
        clock.Advance(Lease + TimeSpan.FromSeconds(1));

        var (a, b) = (Instance(clock), Instance(clock));
        var taken = await Task.WhenAll(a.TakeOverExpiredAsync(CancellationToken.None), b.TakeOverExpiredAsync(CancellationToken.None));
        var mine = taken.SelectMany(t => t).Where(p => p.ConversationId == conversation).ToList();
        Assert.Equal(claims.Order(), mine.Select(p => p.Arrival).Order());
        Assert.All(taken, t => Assert.Equal(t.Select(p => p.Arrival).Order(), t.Select(p => p.Arrival)));
        Assert.All(mine, p => Assert.Equal(2, p.Attempt));
        // Each carries the activity as it was accepted, ready to run.
        Assert.Equal(
            Enumerable.Range(0, 20).Select(i => $"question {i}"),
            mine.OrderBy(p => p.Arrival).Select(p => SupportBot.BotFramework.BotJson.Deserialize<Activity>(p.Json!).Text));
        // Taken: not expired any more.
        Assert.DoesNotContain(await Instance(clock).TakeOverExpiredAsync(CancellationToken.None), p => p.ConversationId == conversation);
    }

    [Fact]
    public async Task A_renewed_lease_keeps_a_long_turn_from_being_taken_over()
    {
        var clock = Clock();
        var holder = Instance(clock);
        var claim = Assert.IsType<InboxClaim>(await holder.TryClaimAsync(NewMessage(), CancellationToken.None));
        for (var i = 0; i < 4; i++)
        {
            clock.Advance(Lease / 2);
            await holder.RenewAsync([claim.Arrival], CancellationToken.None);
            Assert.DoesNotContain(await Instance(clock).TakeOverExpiredAsync(CancellationToken.None), p => p.Arrival == claim.Arrival);
        }
        // Renewing only what it holds: once the turn is no longer held, the lease runs out.
        clock.Advance(Lease / 2);
        await holder.RenewAsync([], CancellationToken.None);
        clock.Advance(Lease);
        Assert.Contains(await Instance(clock).TakeOverExpiredAsync(CancellationToken.None), p => p.Arrival == claim.Arrival);
    }

    [Fact]
    public async Task A_turn_that_keeps_failing_is_given_up_after_max_attempts_and_kept_for_inspection()
    {
        var clock = Clock();
        var inbox = Instance(clock, maxAttempts: 3);
        var message = NewMessage();
        var arrival = (await inbox.TryClaimAsync(message, CancellationToken.None))!.Arrival;

        Assert.False(await inbox.ReleaseFailedAsync(arrival, CancellationToken.None));
        Assert.Equal(2, Assert.Single(await inbox.TakeOverExpiredAsync(CancellationToken.None), p => p.Arrival == arrival).Attempt);
        Assert.False(await inbox.ReleaseFailedAsync(arrival, CancellationToken.None));
        Assert.Equal(3, Assert.Single(await inbox.TakeOverExpiredAsync(CancellationToken.None), p => p.Arrival == arrival).Attempt);
        Assert.True(await inbox.ReleaseFailedAsync(arrival, CancellationToken.None));

        clock.Advance(Lease * 3);
        Assert.DoesNotContain(await inbox.TakeOverExpiredAsync(CancellationToken.None), p => p.Arrival == arrival);
        Assert.Null(await Instance(clock).TryClaimAsync(message, CancellationToken.None));
        var stored = await StoredAsync(arrival);
        Assert.Equal(("failed", 3L), (stored.State, stored.Attempts));
        Assert.Contains("Where is my parcel?", stored.Activity, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_instance_that_dies_with_every_run_is_given_up_by_the_sweep()
    {
        var clock = Clock();
        var arrival = (await Instance(clock, maxAttempts: 2).TryClaimAsync(NewMessage(), CancellationToken.None))!.Arrival;
        clock.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Contains(await Instance(clock, maxAttempts: 2).TakeOverExpiredAsync(CancellationToken.None), p => p.Arrival == arrival);
        clock.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(await Instance(clock, maxAttempts: 2).TakeOverExpiredAsync(CancellationToken.None), p => p.Arrival == arrival);
        Assert.Equal("failed", (await StoredAsync(arrival)).State);
    }

    [Fact]
    public async Task Pending_activities_are_not_pruned()
    {
        var clock = Clock();
        var inbox = Instance(clock);
        var arrival = (await inbox.TryClaimAsync(NewMessage(), CancellationToken.None))!.Arrival;
        await inbox.PruneAsync(clock.GetUtcNow().AddDays(1), CancellationToken.None);
        Assert.Equal("pending", (await StoredAsync(arrival)).State);
    }

    [Fact]
    public async Task A_turn_run_from_the_inbox_keeps_the_callerId_the_host_set_and_no_other()
    {
        var clock = Clock();
        var inbox = Instance(clock);
        var verified = NewMessage("verified") with { CallerId = "urn:botframework:azure" };
        // A client's own field under the inbox's name is not a callerId the host checked.
        var claimed = NewMessage("claimed") with
        {
            ExtensionData = new() { [InboundActivities.CallerIdKey] = System.Text.Json.JsonSerializer.SerializeToElement("urn:botframework:azure") },
        };
        Assert.NotNull(await inbox.TryClaimAsync(verified, CancellationToken.None));
        Assert.NotNull(await inbox.TryClaimAsync(claimed, CancellationToken.None));

        clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var taken = (await inbox.TakeOverExpiredAsync(CancellationToken.None))
            .Where(p => p.ConversationId == verified.Conversation!.Id || p.ConversationId == claimed.Conversation!.Id)
            .ToDictionary(p => p.ActivityId);
        var pending = Get<PendingTurns>();

        var rerun = (await pending.TurnOfAsync(taken["verified"], CancellationToken.None))!.Activity;
        Assert.Equal(("urn:botframework:azure", "Where is my parcel?"), (rerun.CallerId, rerun.Text));
        Assert.Null(rerun.ExtensionData);
        var forged = (await pending.TurnOfAsync(taken["claimed"], CancellationToken.None))!.Activity;
        Assert.Null(forged.CallerId);
        Assert.Null(forged.ExtensionData);
        foreach (var row in taken.Values)
        {
            await inbox.CompleteAsync(row.Arrival, CancellationToken.None);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_direct_line_message_is_appended_and_claimed_under_one_id_after_another_instance_took_its_sequence(bool held)
    {
        var directLine = Get<DirectLineStore>();
        var database = Get<Database>();
        var inbox = Instance(Clock());
        var conversationId = Guid.NewGuid().ToString("N");
        var (conversation, _) = await directLine.GetOrCreateAsync(conversationId, "customer-8", freshId: false, CancellationToken.None);
        // Another instance appended the bot's welcome meanwhile: this instance's cache does not know sequence 1 is taken.
        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync(
                "INSERT INTO directline_activities (conversation_id, sequence, json) VALUES (@conversationId, 1, @json)",
                new { conversationId, json = SupportBot.BotFramework.BotJson.Serialize(new Activity { Type = ActivityTypes.Message, Id = $"{conversationId}|0000001", Text = "Welcome" }) });
        }
        var attempts = new List<ChannelRecord?>();

        var stored = await directLine.AppendArrivingAsync(conversation, new Activity
        {
            Type = ActivityTypes.Message,
            ChannelId = ChannelIds.Directline,
            Conversation = new ConversationAccount { Id = conversationId },
            From = new ChannelAccount { Id = "customer-8", Role = "user" },
            Text = "Where is my parcel?",
        }, async (stamped, record) =>
        {
            attempts.Add(record);
            return await inbox.TryClaimAsync(stamped, CancellationToken.None, held, record) is not null;
        });

        Assert.Equal($"{conversationId}|0000002", stored.Id);
        await using var check = await database.OpenAsync();
        var claimed = (await check.QueryAsync<string>(
            "SELECT activity_id FROM inbound_activities WHERE conversation_id = @conversationId", new { conversationId })).ToList();
        Assert.Equal([stored.Id!], claimed);
        var transcript = (await check.QueryAsync<string>(
            "SELECT json FROM directline_activities WHERE conversation_id = @conversationId ORDER BY sequence", new { conversationId })).ToList();
        Assert.Equal(2, transcript.Count);
        Assert.Equal(stored.Id, SupportBot.BotFramework.BotJson.Deserialize<Activity>(transcript[1])!.Id);
        // On PostgreSQL the append rides in the claim (the first try clashed and stored nothing); SQLite's writer
        // commits the append and the claim together anyway, and the append catches up before the claim is asked.
        Assert.Equal(database.Provider == StoreProvider.Postgres ? 2 : 1, attempts.Count);
        Assert.All(attempts, record => Assert.Equal(database.Provider == StoreProvider.Postgres, record is not null));
        var (activities, _) = await directLine.ReadAfterAsync(conversation, 0, CancellationToken.None);
        Assert.Equal(["Welcome", "Where is my parcel?"], activities.Select(a => a.Text ?? string.Empty).ToArray());
    }

    [Fact]
    public async Task The_sweep_answers_a_direct_line_message_its_dead_instance_accepted_once()
    {
        var directLine = Get<DirectLineStore>();
        var conversationId = Guid.NewGuid().ToString("N");
        var (conversation, _) = await directLine.GetOrCreateAsync(conversationId, "customer-7", freshId: false, CancellationToken.None);
        var stored = await directLine.AppendAsync(conversation, new Activity
        {
            Type = ActivityTypes.Message,
            ChannelId = ChannelIds.Directline,
            Conversation = new ConversationAccount { Id = conversationId },
            From = new ChannelAccount { Id = "customer-7", Role = "user" },
            Recipient = new ChannelAccount { Id = "supportbot", Role = "bot" },
            Text = "How do I reset my password?",
        }, CancellationToken.None);
        // Accepted by an instance that then died: on the host's clock, never run.
        Assert.NotNull(await Instance(_factory.Clock).TryClaimAsync(stored, CancellationToken.None));

        _factory.Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var recovery = _factory.Services.GetServices<IHostedService>().OfType<InboundRecovery>().Single();
        await recovery.SweepAsync(CancellationToken.None);
        await recovery.SweepAsync(CancellationToken.None);

        var replies = await WaitForAsync(async () =>
        {
            var (activities, _) = await directLine.ReadAfterAsync(conversation, 0, CancellationToken.None);
            var answers = activities.Where(a => a.Type == ActivityTypes.Message && a.ReplyToId == stored.Id).ToList();
            return answers.Count > 0 ? answers : null;
        });
        await Get<ConversationLanes>().DrainAsync();
        Assert.Single(replies);
        var log = await Get<TouchpointStore>().GetConversationAsync(conversationId);
        Assert.Equal([TouchpointKind.CustomerMessage, TouchpointKind.BotAnswer], log.Select(t => t.Kind).ToArray());
        await using var connection = await Get<Database>().OpenAsync();
        Assert.Equal("done", await connection.ExecuteScalarAsync<string>(
            "SELECT state FROM inbound_activities WHERE conversation_id = @conversationId", new { conversationId }));
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe) where T : class
    {
        for (var i = 0; i < 400; i++)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            await Task.Delay(25);
        }
        throw new TimeoutException("Not there within 10 s.");
    }

    private async Task<(string State, long Attempts, string? Activity)> StoredAsync(long arrival)
    {
        await using var connection = await Get<Database>().OpenAsync();
        return await connection.QuerySingleAsync<(string, long, string?)>(
            "SELECT state, attempts, activity FROM inbound_activities WHERE arrival = @arrival", new { arrival });
    }
}
