using System.Data.Common;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework.Schema;
using SupportBot.Channels.DirectLine;
using SupportBot.Storage;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Channels;

/// A customer whose POST is cut off (a closed tab, a dropped network) while their message is being stored. Once
/// stored, the message is in the conversation and the customer sees it on reconnecting, so it must be answered and
/// logged like any other; cancelled with its request, it used to stay there unanswered and unseen by agents.
public sealed class DirectLineCutOffTests(SupportBotFactory factory) : IClassFixture<SupportBotFactory>
{
    private const string Question = "How long until a refund shows up on my card?";

    [Fact]
    public async Task A_message_whose_request_is_cut_off_while_it_is_stored_is_answered_and_logged()
    {
        var http = factory.CreateClient();
        var client = new DirectLineClient(http);
        await client.StartAsync();
        await client.WaitForAsync(a => a.Type == ActivityTypes.Message);
        var conversation = await factory.Services.GetRequiredService<DirectLineStore>().FindAsync(client.ConversationId, CancellationToken.None);

        var writes = await HeldDirectLineWrites.HoldAsync(factory.Services.GetRequiredService<Database>());
        using var cut = new CancellationTokenSource();
        // The secret, as a site's server would post: a token would first be checked against the revocation list, a
        // read the held writer would hold up too.
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{client.ConversationId}/activities")
        {
            Content = JsonContent.Create(new { type = "message", text = Question }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SupportBotFactory.TestSecret);
        var post = http.SendAsync(request, cut.Token);
        try
        {
            // The conversation's gate is taken once the message has its place and its write is under way.
            await WaitUntilAsync(() => Task.FromResult(conversation!.Gate.CurrentCount == 0));
            await cut.CancelAsync();
        }
        finally
        {
            await writes.ReleaseAsync();
        }
        // The test server answers a cut-off request only once its handler is done, which the held store would delay.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => post);

        var stored = await client.WaitForAsync(a => a.Text == Question);
        var reply = await client.WaitForAsync(a => a.ReplyToId == stored.Id);
        Assert.Contains("5-10 business days", reply.Text, StringComparison.Ordinal);
        // The turn logs its touchpoints once the reply is out.
        await WaitUntilAsync(async () => await CustomerMessagesLoggedAsync(client.ConversationId) == 1);
    }

    private async Task<long> CustomerMessagesLoggedAsync(string conversationId)
    {
        await using var connection = await factory.Services.GetRequiredService<Database>().OpenAsync();
        return await connection.QuerySingleAsync<long>(
            "SELECT COUNT(*) FROM touchpoints WHERE conversation_id = @conversationId AND kind = @kind",
            new { conversationId, kind = TouchpointKind.CustomerMessage });
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        while (!await condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    /// Holds back every write to Direct Line's activity log, on either engine, until released: on SQLite the write
    /// lock itself (the store's writer waits for it, up to its busy timeout), on PostgreSQL the table.
    private sealed class HeldDirectLineWrites(DbConnection connection, DbTransaction transaction)
    {
        public static async Task<HeldDirectLineWrites> HoldAsync(Database database)
        {
            var connection = await database.OpenAsync();
            if (database.Provider == StoreProvider.Postgres)
            {
                var transaction = await connection.BeginTransactionAsync();
                await connection.ExecuteAsync("LOCK TABLE directline_activities IN EXCLUSIVE MODE", transaction: transaction);
                return new HeldDirectLineWrites(connection, transaction);
            }
            // Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE: the write lock is taken now.
            return new HeldDirectLineWrites(connection, await connection.BeginTransactionAsync());
        }

        public async Task ReleaseAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
