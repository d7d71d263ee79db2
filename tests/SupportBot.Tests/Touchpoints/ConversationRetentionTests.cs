using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Channels.DirectLine;
using SupportBot.Conversations;
using SupportBot.Storage;
using SupportBot.Tests.Channels;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Touchpoints;

/// What customers write is kept no longer than their messages' retention (Touchpoints:Retention:customer_message),
/// wherever else it is stored: the Direct Line transcript, uploaded files, undelivered replies and the text of a
/// handoff. Conversations still in use, and younger ones, stay. (A day's retention: moving the test clock fires every
/// periodic timer of the host for each period passed, so the clock moves as little as it can.)
public sealed class ConversationRetentionTests
{
    private static async Task<DirectLineClient> ChatAsync(SupportBotFactory factory)
    {
        var chat = new DirectLineClient(factory.CreateClient());
        await chat.StartAsync();
        foreach (var text in new[] { "How do I reset my password?", "I want to talk to a person", "Please call me back on +62 812 3456 7890" })
        {
            (await chat.PostAsync(new { type = "message", from = new { id = "customer" }, text })).EnsureSuccessStatusCode();
            await factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        }
        await factory.Services.GetRequiredService<DirectLineAttachments>().SaveAsync(chat.ConversationId, "id-card.png", "image/png", [1, 2, 3], CancellationToken.None);
        await using var connection = await factory.Services.GetRequiredService<Database>().OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO connector_outbox (conversation_key, activity_json, state, attempts, next_attempt_at, created_at) VALUES (@key, '{\"text\":\"hi\"}', 'dead', 9, @at, @at)",
            new { key = $"msteams/{chat.ConversationId}", at = factory.Clock.GetUtcNow().ToString("O") });
        return chat;
    }

    private static async Task<long> CountAsync(SupportBotFactory factory, string sql, string conversation)
    {
        await using var connection = await factory.Services.GetRequiredService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, new { conversation, key = $"msteams/{conversation}" });
    }

    [Fact]
    public async Task Transcripts_uploads_outbox_rows_and_handoff_text_go_with_the_customers_messages()
    {
        using var factory = new SupportBotFactory();
        factory.Settings["Touchpoints:Retention:customer_message"] = "1";
        // The test runs retention itself.
        factory.Settings["Touchpoints:RetentionIntervalMinutes"] = "10080";
        _ = factory.Server;
        var old = await ChatAsync(factory);
        factory.Clock.Advance(TimeSpan.FromHours(25));
        var young = await ChatAsync(factory);

        await factory.Services.GetRequiredService<TouchpointRetention>().RunOnceAsync();

        var rows = new Dictionary<string, string>
        {
            ["directline_conversations"] = "SELECT COUNT(*) FROM directline_conversations WHERE id = @conversation",
            ["directline_activities"] = "SELECT COUNT(*) FROM directline_activities WHERE conversation_id = @conversation",
            ["directline_attachments"] = "SELECT COUNT(*) FROM directline_attachments WHERE conversation_id = @conversation",
            ["connector_outbox"] = "SELECT COUNT(*) FROM connector_outbox WHERE conversation_key = @key",
            ["handoff text"] = "SELECT COUNT(*) FROM handoffs WHERE conversation_id = @conversation AND (summary <> '' OR reference <> '{}')",
        };
        foreach (var (what, sql) in rows)
        {
            Assert.True(await CountAsync(factory, sql, old.ConversationId) == 0, $"{what} of the old conversation outlived its retention");
            Assert.True(await CountAsync(factory, sql, young.ConversationId) > 0, $"{what} of the young conversation was deleted");
        }
        // The handoff itself stays for the statistics; only what the customer wrote goes.
        Assert.Equal(1, await CountAsync(factory, "SELECT COUNT(*) FROM handoffs WHERE conversation_id = @conversation", old.ConversationId));
        // Not served from memory either.
        var transcript = await old.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{old.ConversationId}/activities", credential: SupportBotFactory.TestSecret);
        Assert.Equal(HttpStatusCode.NotFound, transcript.StatusCode);
        await using var connection = await factory.Services.GetRequiredService<Database>().OpenAsync();
        var audited = await connection.QuerySingleAsync<string>("SELECT detail FROM privacy_audit WHERE action = 'retention'");
        Assert.Contains("directline_conversations=1", audited, StringComparison.Ordinal);
        Assert.Contains("handoffs_stripped=1", audited, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conversation_the_customer_still_writes_in_is_kept_however_old_it_is()
    {
        using var factory = new SupportBotFactory();
        factory.Settings["Touchpoints:Retention:customer_message"] = "1";
        // The test runs retention itself.
        factory.Settings["Touchpoints:RetentionIntervalMinutes"] = "10080";
        _ = factory.Server;
        var chat = await ChatAsync(factory);
        factory.Clock.Advance(TimeSpan.FromHours(23));
        // Its token has expired meanwhile: the page posts with a fresh one, as the secret can.
        var path = $"/v3/directline/conversations/{chat.ConversationId}/activities";
        var message = JsonContent.Create(new { type = "message", from = new { id = "customer" }, text = "Still there?" });
        (await chat.SendAsync(HttpMethod.Post, path, message, credential: SupportBotFactory.TestSecret)).EnsureSuccessStatusCode();
        await factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        factory.Clock.Advance(TimeSpan.FromHours(2));

        await factory.Services.GetRequiredService<TouchpointRetention>().RunOnceAsync();

        Assert.Equal(1, await CountAsync(factory, "SELECT COUNT(*) FROM directline_conversations WHERE id = @conversation", chat.ConversationId));
        var transcript = await chat.SendAsync(HttpMethod.Get, path, credential: SupportBotFactory.TestSecret);
        Assert.Equal(HttpStatusCode.OK, transcript.StatusCode);
        Assert.Contains("Still there?", await transcript.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
