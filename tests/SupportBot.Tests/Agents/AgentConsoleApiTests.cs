using System.Net;
using System.Net.Http.Headers;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Agents;
using SupportBot.CustomerData;
using SupportBot.Customers;
using SupportBot.Storage;
using SupportBot.Touchpoints;
using static SupportBot.Tests.Agents.AgentWorkdayHost;

namespace SupportBot.Tests.Agents;

/// The console's working views through the agent API, on the configured engine (SQLite, or PostgreSQL with
/// Storage__Provider=postgres): preferences, unread mentions kept on the server, tabs and filters, full-text search
/// (closed conversations too, and nothing left of an erased customer) and the typing indicator.
public sealed class AgentConsoleApiTests(AgentWorkdayHost host) : IClassFixture<AgentWorkdayHost>
{
    [Fact]
    public async Task Preferences_start_from_the_defaults_keep_what_is_not_sent_and_refuse_an_unknown_language()
    {
        var dewi = host.Dewi();
        Assert.Equal(AgentPreferences.Default, await ReadAsync<AgentPreferences>(await dewi.SendAsync(HttpMethod.Get, "/api/agent/preferences")));

        var changed = await ReadAsync<AgentPreferences>(await dewi.SendAsync(HttpMethod.Put, "/api/agent/preferences", new { language = "ID", sound = false }));
        Assert.Equal(new AgentPreferences("id", Sound: false, Desktop: true, TitleBadge: true), changed);
        (await dewi.SendAsync(HttpMethod.Put, "/api/agent/preferences", new { titleBadge = false })).EnsureSuccessStatusCode();
        Assert.Equal(
            new AgentPreferences("id", Sound: false, Desktop: true, TitleBadge: false),
            await ReadAsync<AgentPreferences>(await dewi.SendAsync(HttpMethod.Get, "/api/agent/preferences")));
        // Another agent's are their own.
        Assert.Equal(AgentPreferences.Default, await ReadAsync<AgentPreferences>(await host.Sari().SendAsync(HttpMethod.Get, "/api/agent/preferences")));

        await ProblemAsync(await dewi.SendAsync(HttpMethod.Put, "/api/agent/preferences", new { language = "fr" }), HttpStatusCode.BadRequest);
        // "" goes back to the browser's language.
        Assert.Null((await ReadAsync<AgentPreferences>(await dewi.SendAsync(HttpMethod.Put, "/api/agent/preferences", new { language = "" }))).Language);
    }

    [Fact]
    public async Task A_mention_stays_unread_on_the_server_until_the_agent_reads_it()
    {
        var customer = await host.CustomerWithDewiAsync();
        var before = await ReadAsync<UnreadMentions>(await host.Sari().SendAsync(HttpMethod.Get, "/api/agent/mentions"));

        (await host.Dewi().SendAsync(HttpMethod.Post, $"/api/agent/conversations/{customer.ConversationId}/notes", new { text = "@sari please check" }))
            .EnsureSuccessStatusCode();

        var unread = await ReadAsync<UnreadMentions>(await host.Sari().SendAsync(HttpMethod.Get, "/api/agent/mentions"));
        Assert.Equal(before.Count + 1, unread.Count);
        var latest = unread.Mentions[^1];
        Assert.Equal((customer.ConversationId, "dewi"), (latest.ConversationId, latest.ByAgentId));
        // The author is never told of their own note.
        Assert.DoesNotContain((await ReadAsync<UnreadMentions>(await host.Dewi().SendAsync(HttpMethod.Get, "/api/agent/mentions"))).Mentions,
            m => m.ConversationId == customer.ConversationId);

        var read = await ReadAsync<MentionsRead>(
            await host.Sari().SendAsync(HttpMethod.Post, "/api/agent/mentions/read", new { conversationId = customer.ConversationId }));
        Assert.Equal(1, read.Read);
        var after = await ReadAsync<UnreadMentions>(await host.Sari().SendAsync(HttpMethod.Get, "/api/agent/mentions"));
        Assert.DoesNotContain(after.Mentions, m => m.ConversationId == customer.ConversationId);
    }

    [Fact]
    public async Task Tabs_and_filters_list_the_open_conversations_each_agent_asks_for()
    {
        var held = await host.CustomerWithDewiAsync();
        var waiting = await host.WaitingCustomerAsync("Ana");
        var dewi = host.Dewi();

        var mine = await ListAsync(dewi, "view=mine");
        Assert.Contains(mine, c => c.Handoff.ConversationId == held.ConversationId);
        Assert.All(mine, c => Assert.Equal("dewi", c.Handoff.AgentId));
        var unassigned = await ListAsync(dewi, "view=unassigned");
        Assert.Contains(unassigned, c => c.Handoff.ConversationId == waiting.ConversationId);
        Assert.DoesNotContain(unassigned, c => c.Handoff.ConversationId == held.ConversationId);
        var all = await ListAsync(dewi, "view=all&channel=directline&language=en&queue=support&reason=customer_asked");
        Assert.Contains(all, c => c.Handoff.ConversationId == held.ConversationId);
        Assert.Contains(all, c => c.Handoff.ConversationId == waiting.ConversationId && c.Handoff.Position is >= 1 && c.Language == "en");
        Assert.Empty(await ListAsync(dewi, "queue=billing&view=unassigned&reason=customer_asked&channel=msteams"));
        Assert.Empty(await ListAsync(dewi, "minWaitSeconds=864000"));

        await ProblemAsync(await dewi.SendAsync(HttpMethod.Get, "/api/agent/conversations?view=others"), HttpStatusCode.BadRequest);
        await ProblemAsync(await dewi.SendAsync(HttpMethod.Get, "/api/agent/conversations?minWaitSeconds=-1"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Search_finds_a_closed_conversation_and_its_customer_and_nothing_once_the_customer_is_erased()
    {
        var word = "zircon" + Guid.NewGuid().ToString("N")[..8];
        var customer = await host.CustomerWithDewiAsync();
        await host.Agents.SayAsync(customer, $"My {word} router blinks orange");
        (await host.Dewi().ReplyAsync(customer.ConversationId, "Please restart it.")).EnsureSuccessStatusCode();
        (await host.Dewi().ResolveAsync(customer.ConversationId)).EnsureSuccessStatusCode();
        var customerId = (await host.Dewi().TranscriptAsync(customer.ConversationId)).CustomerId;

        // A prefix of the word, and any case: the resolved conversation, with the words around it.
        var found = await SearchAsync(word[..10].ToUpperInvariant() + " router");
        var hit = Assert.Single(found.Conversations);
        Assert.Equal((customer.ConversationId, customerId, "resolved"), (hit.ConversationId, hit.CustomerId, hit.HandoffState));
        Assert.Contains(word, hit.Snippet, StringComparison.Ordinal);
        Assert.Empty((await SearchAsync($"{word} nowhere-else-said")).Conversations);
        // Query syntax of either engine is only words here.
        Assert.Single((await SearchAsync($"\"{word}\"* :( ^")).Conversations);
        // Customers by id.
        Assert.Contains((await SearchAsync(customerId)).Customers, c => c.CustomerId == customerId);

        await host.Agents.Factory.Services.GetRequiredService<PrivacyStore>().EraseAsync(customerId, "test");

        Assert.Empty((await SearchAsync(word)).Conversations);
        Assert.DoesNotContain((await SearchAsync(customerId)).Customers, c => c.CustomerId == customerId);
        var database = host.Agents.Factory.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync();
        // The index itself holds none of the words any more, not just no rows they would join to.
        var indexed = database.Provider == StoreProvider.Postgres
            ? await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM touchpoints WHERE to_tsvector('simple', COALESCE(text, '')) @@ to_tsquery('simple', @word)", new { word })
            : await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM touchpoint_search WHERE touchpoint_search MATCH @word", new { word });
        Assert.Equal(0, indexed);
    }

    [Fact]
    public async Task Bad_searches_are_refused_with_a_problem()
    {
        var dewi = host.Dewi();
        await ProblemAsync(await dewi.SendAsync(HttpMethod.Get, "/api/agent/search?q=a"), HttpStatusCode.BadRequest);
        await ProblemAsync(await dewi.SendAsync(HttpMethod.Get, $"/api/agent/search?q={new string('a', ConversationSearch.MaxQueryLength + 1)}"), HttpStatusCode.BadRequest);
        await ProblemAsync(await dewi.SendAsync(HttpMethod.Get, "/api/agent/search?q=router&pageSize=51"), HttpStatusCode.BadRequest);
        await ProblemAsync(await dewi.SendAsync(HttpMethod.Get, "/api/agent/search?q=router&page=0"), HttpStatusCode.BadRequest);
        // Only punctuation: no words to look for, an empty answer.
        Assert.Empty((await ReadAsync<SearchResults>(await dewi.SendAsync(HttpMethod.Get, "/api/agent/search?q=%22%22*"))).Conversations);
    }

    [Fact]
    public async Task Search_pages_through_conversations_newest_first()
    {
        var word = "quartz" + Guid.NewGuid().ToString("N")[..8];
        var first = await host.CustomerWithDewiAsync();
        await host.Agents.SayAsync(first, $"{word} one");
        var second = await host.CustomerWithDewiAsync();
        await host.Agents.SayAsync(second, $"{word} two");

        var page1 = await SearchAsync(word, "&pageSize=1");
        var page2 = await SearchAsync(word, "&pageSize=1&page=2");
        Assert.Equal(second.ConversationId, Assert.Single(page1.Conversations).ConversationId);
        Assert.Equal(first.ConversationId, Assert.Single(page2.Conversations).ConversationId);
        Assert.Empty((await SearchAsync(word, "&pageSize=1&page=3")).Conversations);
    }

    [Fact]
    public async Task Typing_reaches_only_a_conversation_the_agent_holds()
    {
        var held = await host.CustomerWithDewiAsync();
        var typing = await ReadAsync<TypingSent>(await host.Dewi().SendAsync(HttpMethod.Post, $"/api/agent/conversations/{held.ConversationId}/typing"));
        Assert.Equal(held.ConversationId, typing.ConversationId);
        Assert.True(typing.Sent);

        var waiting = await host.WaitingCustomerAsync("Ana");
        await ProblemAsync(await host.Dewi().SendAsync(HttpMethod.Post, $"/api/agent/conversations/{waiting.ConversationId}/typing"), HttpStatusCode.Conflict);
        await ProblemAsync(await host.Dewi().SendAsync(HttpMethod.Post, "/api/agent/conversations/nobody/typing"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Agent_typing_reaches_the_customers_web_chat_stream_and_not_its_history()
    {
        var customer = await host.CustomerWithDewiAsync();
        using var socket = await host.Agents.Factory.Server.CreateWebSocketClient().ConnectAsync(new Uri(customer.StreamUrl!), CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<SupportBot.BotFramework.Schema.Activity>();
        // Web Chat shows "… is typing" for a typing activity on its stream: the one the agent's console sends.
        // A typing activity goes only to the streams attached when it is sent (it is not kept in the history): the
        // backlog arriving shows this one is.
        while (seen.Count == 0)
        {
            var backlog = await ReceiveFrameAsync(socket, timeout.Token);
            if (backlog.Length > 0)
            {
                seen.AddRange(SupportBot.BotFramework.BotJson.Deserialize<SupportBot.BotFramework.DirectLine.ActivitySet>(backlog)!.Activities);
            }
        }
        seen.Clear();
        // Indicators are throttled per slot of conversations (HandoffService.TypingInterval); one that shares its slot
        // with another test's conversation may have to wait for the next interval.
        var sent = await ReadAsync<TypingSent>(await host.Dewi().SendAsync(HttpMethod.Post, $"/api/agent/conversations/{customer.ConversationId}/typing"));
        if (!sent.Sent)
        {
            await Task.Delay(SupportBot.Handoff.HandoffService.TypingInterval);
            sent = await ReadAsync<TypingSent>(await host.Dewi().SendAsync(HttpMethod.Post, $"/api/agent/conversations/{customer.ConversationId}/typing"));
        }
        Assert.True(sent.Sent);
        while (!seen.Any(a => a.Type == SupportBot.BotFramework.Schema.ActivityTypes.Typing))
        {
            var frame = await ReceiveFrameAsync(socket, timeout.Token);
            if (frame.Length > 0)
            {
                seen.AddRange(SupportBot.BotFramework.BotJson.Deserialize<SupportBot.BotFramework.DirectLine.ActivitySet>(frame)!.Activities);
            }
        }
        var typing = seen.First(a => a.Type == SupportBot.BotFramework.Schema.ActivityTypes.Typing);
        Assert.Equal("Dewi", typing.From?.Name);
        Assert.NotEqual("customer", typing.From?.Id);
        Assert.DoesNotContain((await customer.GetActivitiesAsync()).Activities, a => a.Type == SupportBot.BotFramework.Schema.ActivityTypes.Typing);
    }

    private static async Task<string> ReceiveFrameAsync(System.Net.WebSockets.WebSocket socket, CancellationToken cancellationToken)
    {
        using var frame = new MemoryStream();
        var buffer = new byte[8192];
        System.Net.WebSockets.WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            frame.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return System.Text.Encoding.UTF8.GetString(frame.ToArray());
    }

    [Fact]
    public async Task The_endpoints_are_described_with_OpenAPI()
    {
        using var document = System.Text.Json.JsonDocument.Parse(await host.Agents.Factory.CreateClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[]
                 {
                     "/api/agent/preferences", "/api/agent/mentions", "/api/agent/mentions/read", "/api/agent/conversations", "/api/agent/search",
                     "/api/agent/conversations/{id}/typing", "/api/agent/conversations/{id}/attachments",
                 })
        {
            Assert.True(paths.TryGetProperty(path, out var described), path);
            Assert.All(described.EnumerateObject(), operation => Assert.False(string.IsNullOrEmpty(operation.Value.GetProperty("summary").GetString()), path));
        }
    }

    private async Task<SearchResults> SearchAsync(string q, string more = "")
        => await ReadAsync<SearchResults>(await host.Dewi().SendAsync(HttpMethod.Get, $"/api/agent/search?q={Uri.EscapeDataString(q)}{more}"));

    private static async Task<List<ListedConversation>> ListAsync(Handoff.AgentApiClient client, string query)
        => await ReadAsync<List<ListedConversation>>(await client.SendAsync(HttpMethod.Get, $"/api/agent/conversations?{query}"));
}
