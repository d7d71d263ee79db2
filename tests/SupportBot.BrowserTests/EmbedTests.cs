using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupportBot.BotFramework.Schema;
using SupportBot.Channels.DirectLine;
using SupportBot.Customers;
using SupportBot.Touchpoints;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests;

/// The embed snippet on a company's own site (another origin): Web Chat loads from SupportBot, gets a token
/// across origins, and answers; a signed-in customer is the same customer on every visit; the page's locale
/// reaches the bot, which answers in that language.
public sealed class EmbedTests(EmbedFixture fixture, ITestOutputHelper output) : IClassFixture<EmbedFixture>
{
    private const string Container = "#supportbot-chat";

    [Fact]
    public async Task The_snippet_on_another_site_answers_and_a_signed_in_customer_is_the_same_customer_on_a_second_visit()
    {
        var customer = $"shop-{Guid.NewGuid():N}"[..16];
        var conversations = new List<string>();
        foreach (var question in new[] { RefundArticle.Question, "How do I reset my password?" })
        {
            // Each visit in a fresh browser: nothing kept in the browser links the two, only the site's user token.
            await using var context = await fixture.Chat.NewContextAsync();
            var problems = BrowserProblems.Watch(context);
            var chat = new ChatPage(await context.NewPageAsync(), Container);
            try
            {
                await OpenAsync(chat, fixture.Site.ShopUrl(customer));
                Assert.NotEqual(fixture.Server.RootUri.GetLeftPart(UriPartial.Authority), new Uri(chat.Page.Url).GetLeftPart(UriPartial.Authority));
                await chat.AskAsync(question);
                await Expect(chat.BotBubbles.Filter(new() { HasText = "Source" }), "the answer with its source").ToHaveCountAsync(1);
                await chat.ExpectOnUserSideOnceAsync(question);

                var conversationId = await ConversationIdAsync(chat.Page);
                var touchpoints = await Touchpoints.GetConversationAsync(conversationId);
                Assert.Contains(touchpoints, t => t.Kind == TouchpointKind.CustomerMessage && t.Text == question);
                // The token's subject is the visitor's Direct Line identity, which names one customer on every visit.
                var known = await Customers.FindAsync($"directline:{customer}", allowIdentity: true);
                Assert.NotNull(known);
                Assert.All(touchpoints, t => Assert.Equal(known, t.CustomerId));
                conversations.Add(conversationId);
                AssertNoProblems(problems);
            }
            catch
            {
                await ReportAsync(chat, problems);
                throw;
            }
        }

        Assert.NotEqual(conversations[0], conversations[1]);
        var journey = await Touchpoints.GetCustomerAsync((await Customers.FindAsync($"directline:{customer}", allowIdentity: true))!, 100);
        Assert.Equal(conversations.Order(), journey.Select(t => t.ConversationId).Distinct().Order());
    }

    [Fact]
    public async Task An_anonymous_visitor_keeps_one_id_across_visits_to_the_site()
    {
        await using var context = await fixture.Chat.NewContextAsync();
        var problems = BrowserProblems.Watch(context);
        var visitors = new List<string>();
        for (var visit = 0; visit < 2; visit++)
        {
            // A new tab is a new session (new conversation); localStorage, and so the visitor's id, stays.
            var chat = new ChatPage(await context.NewPageAsync(), Container);
            try
            {
                await OpenAsync(chat, fixture.Site.ShopUrl());
                await chat.AskAsync("How do I track my order?");
                await Expect(chat.BotBubbles.Filter(new() { HasText = "Source" }), "the answer with its source").ToHaveCountAsync(1);
                var touchpoints = await Touchpoints.GetConversationAsync(await ConversationIdAsync(chat.Page));
                visitors.Add(Assert.Single(touchpoints.Select(t => t.CustomerId).Distinct()));
                await chat.Page.CloseAsync();
            }
            catch
            {
                await ReportAsync(chat, problems);
                throw;
            }
        }
        // The visitor is known by the anonymous id the host made for them, kept in the browser.
        var identity = Assert.Single(await Customers.IdentitiesAsync(visitors[0]));
        Assert.Equal("directline", identity.Kind);
        Assert.StartsWith("dl_", identity.Value, StringComparison.Ordinal);
        Assert.Equal(visitors[0], visitors[1]);
        AssertNoProblems(problems);
    }

    [Fact]
    public async Task Web_Chat_in_Indonesian_sends_its_locale_to_the_bot_which_answers_in_Indonesian()
    {
        await using var context = await fixture.Chat.NewContextAsync();
        var problems = BrowserProblems.Watch(context);
        var chat = new ChatPage(await context.NewPageAsync(), Container);
        try
        {
            var response = await chat.Page.GotoAsync(fixture.Site.ShopUrl(locale: "id-ID"));
            Assert.Equal(200, response!.Status);
            // The welcome comes before the customer says anything: the locale went with the start of the conversation.
            await Expect(chat.BotBubble("Halo, saya asisten dukungan Lumora"), "the welcome in Indonesian").ToBeVisibleAsync();
            await Expect(chat.SendBox, "Web Chat's send box").ToBeEditableAsync();
            // "halo" says nothing about its language by itself: the reply's language comes from the activity's locale.
            await chat.AskAsync("halo");
            await Expect(chat.BotBubble("Ada yang bisa saya bantu hari ini?"), "the greeting in Indonesian").ToBeVisibleAsync();

            var conversationId = await ConversationIdAsync(chat.Page);
            var conversation = await fixture.Server.Services.GetRequiredService<DirectLineStore>().FindAsync(conversationId, CancellationToken.None);
            var (activities, _) = conversation!.After(0);
            var sent = Assert.Single(activities, a => a.Type == ActivityTypes.Message && a.Text == "halo");
            Assert.Equal("id-ID", sent.Locale);
            AssertNoProblems(problems);
        }
        catch
        {
            await ReportAsync(chat, problems);
            throw;
        }
    }

    [Fact]
    public async Task Signing_out_on_the_site_revokes_the_chats_token_on_the_host()
    {
        await using var context = await fixture.Chat.NewContextAsync();
        var problems = BrowserProblems.Watch(context);
        var chat = new ChatPage(await context.NewPageAsync(), Container);
        try
        {
            await OpenAsync(chat, fixture.Site.ShopUrl());
            await chat.AskAsync("How do I track my order?");
            await Expect(chat.BotBubbles.Filter(new() { HasText = "Source" }), "the answer with its source").ToHaveCountAsync(1);
            var saved = JsonDocument.Parse(await chat.Page.EvaluateAsync<string>("() => sessionStorage.getItem('supportbot.directline')")).RootElement;

            // What the site calls from its own sign-out.
            await chat.Page.EvaluateAsync("() => window.SupportBot.signOut()");

            Assert.Null(await chat.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('supportbot.directline')"));
            using var http = new HttpClient { BaseAddress = fixture.Server.RootUri };
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{saved.GetProperty("conversationId").GetString()}/activities");
            request.Headers.Authorization = new("Bearer", saved.GetProperty("token").GetString());
            request.Headers.Add("Origin", fixture.Site.Origin);
            using var refused = await http.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("TokenRevoked", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
            AssertNoProblems(problems);
        }
        catch
        {
            await ReportAsync(chat, problems);
            throw;
        }
    }

    [Fact]
    public async Task The_hosts_demo_page_shows_the_snippet_chatting()
    {
        await using var context = await fixture.Chat.NewContextAsync();
        var problems = BrowserProblems.Watch(context);
        var chat = new ChatPage(await context.NewPageAsync(), Container);
        try
        {
            await OpenAsync(chat, fixture.Server.Url("/embed-demo.html").ToString());
            await Expect(chat.Page.Locator("pre"), "the copy-paste snippet").ToContainTextAsync("/embed.js");
            await chat.AskAsync(RefundArticle.Question);
            await Expect(chat.BotBubble(RefundArticle.Fact), "the answer").ToBeVisibleAsync();
            AssertNoProblems(problems);
        }
        catch
        {
            await ReportAsync(chat, problems);
            throw;
        }
    }

    private TouchpointStore Touchpoints => fixture.Server.Services.GetRequiredService<TouchpointStore>();

    private CustomerStore Customers => fixture.Server.Services.GetRequiredService<CustomerStore>();

    private static async Task OpenAsync(ChatPage chat, string url)
    {
        var response = await chat.Page.GotoAsync(url);
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        await chat.WaitUntilReadyAsync();
    }

    // The Direct Line session the snippet keeps in the site's session storage.
    private static async Task<string> ConversationIdAsync(IPage page)
    {
        var saved = await page.EvaluateAsync<string>("() => sessionStorage.getItem('supportbot.directline')");
        return JsonDocument.Parse(saved).RootElement.GetProperty("conversationId").GetString()!;
    }

    private void AssertNoProblems(BrowserProblems problems)
    {
        Assert.True(problems.All.Count == 0, "The browser reported problems:" + Environment.NewLine + string.Join(Environment.NewLine, problems.All));
        var serverErrors = fixture.Server.Log.Errors;
        Assert.True(serverErrors.Count == 0, "The server logged errors:" + Environment.NewLine + string.Join(Environment.NewLine, serverErrors));
    }

    private Task ReportAsync(ChatPage chat, BrowserProblems problems) => FailureReport.WriteAsync(output, chat, problems, fixture.Server.Log);
}
