using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests;

/// A person's view of the chat: Microsoft's Web Chat in headless Chromium, talking to the host's own Direct Line.
public sealed class WebChatTests(WebChatFixture fixture, ITestOutputHelper output) : IClassFixture<WebChatFixture>
{
    private const string RefundQuestion = "How long until my refund shows up on my credit card?";
    private const string RefundFact = "5-10 business days";
    private const string RefundArticleId = "billing/refund-timing";
    private const string RefundArticlePath = "/kb/" + RefundArticleId;
    private const string RefundArticleHeading = "When will I get my refund?";

    [Fact]
    public async Task Question_in_web_chat_is_answered_from_the_knowledge_base_with_a_working_source_link()
    {
        await using var context = await fixture.NewContextAsync();
        var problems = BrowserProblems.Watch(context);
        var chat = new ChatPage(await context.NewPageAsync());
        try
        {
            await chat.OpenAsync();
            await chat.AskAsync(RefundQuestion);

            var answer = chat.BotBubble(RefundFact);
            await Expect(answer, "the bot's answer with the card refund timing").ToBeVisibleAsync();
            await chat.ExpectSentAsync();
            await chat.ExpectOnUserSideOnceAsync(RefundQuestion);
            await Screenshots.SaveAsync(chat.Page, "webchat-answer.png");

            var link = answer.Locator($"a[href*='{RefundArticlePath}']");
            var citationButton = answer.Locator($"button[value*='{RefundArticlePath}']");
            if (await link.CountAsync() == 0 && await citationButton.CountAsync() > 0)
            {
                Assert.Fail(
                    $"Web Chat shows the source as a citation button (value=\"{await citationButton.First.GetAttributeAsync("value")}\"), not as a link: " +
                    "Web Chat renders a Markdown link as <a> only for an absolute data/http/https/ftp/mailto/sip/tel URL and turns anything else " +
                    "(such as a relative /kb/... path) into a citation button that does not open the article. The reply must carry absolute article URLs.");
            }
            await Expect(link, "the answer's link to its source article").ToBeVisibleAsync();

            // Follow the citation as a person would (Web Chat opens links in a new tab).
            var href = await link.GetAttributeAsync("href");
            Assert.NotNull(href);
            output.WriteLine($"source link: {href}");
            IPage article;
            if (await link.GetAttributeAsync("target") == "_blank")
            {
                article = await chat.Page.RunAndWaitForPopupAsync(() => link.ClickAsync());
            }
            else
            {
                await link.ClickAsync();
                article = chat.Page;
            }
            await Expect(article, "the page the citation opens").ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"{RefundArticlePath}(#.*)?$"));
            Assert.Equal(fixture.Server.RootUri.Authority, new Uri(article.Url).Authority);
            await ExpectArticleAsync(article);

            // The link's URL opened directly, as a shared or bookmarked citation is.
            var direct = await context.NewPageAsync();
            var response = await direct.GotoAsync(new Uri(fixture.Server.RootUri, href).ToString());
            Assert.NotNull(response);
            Assert.Equal(200, response.Status);
            await ExpectArticleAsync(direct);

            AssertNoProblems(problems);
        }
        catch
        {
            await ReportAsync(chat, problems);
            throw;
        }
    }

    [Fact]
    public async Task Reloaded_page_shows_the_conversation_history_again()
    {
        await using var context = await fixture.NewContextAsync();
        var problems = BrowserProblems.Watch(context);
        var chat = new ChatPage(await context.NewPageAsync());
        try
        {
            await chat.OpenAsync();
            await chat.AskAsync(RefundQuestion);
            await Expect(chat.BotBubble(RefundFact), "the bot's answer before the reload").ToBeVisibleAsync();

            await chat.Page.ReloadAsync();
            await chat.WaitUntilReadyAsync();

            // The same conversation comes back from Direct Line, each activity once: the welcome is not repeated (no
            // new conversation), the question is still on the user's side and counted as sent, the answer keeps its source.
            await chat.ExpectOnUserSideOnceAsync(RefundQuestion);
            await Expect(chat.BotBubble(RefundFact), "the answer after the reload").ToHaveCountAsync(1);
            await Expect(chat.BotBubble(RefundFact), "the answer's source after the reload").ToContainTextAsync(RefundArticleHeading);
            await Expect(chat.BotBubble(ChatPage.WelcomeText), "the welcome message after the reload").ToHaveCountAsync(1);
            await chat.ExpectSentAsync();

            AssertNoProblems(problems);
        }
        catch
        {
            await ReportAsync(chat, problems);
            throw;
        }
    }

    private static async Task ExpectArticleAsync(IPage page)
    {
        var article = page.Locator($"article[data-article-id='{RefundArticleId}']");
        await Expect(article.Locator("h1"), "the article's heading").ToHaveTextAsync(RefundArticleHeading);
        await Expect(article, "the article's text").ToContainTextAsync(RefundFact);
    }

    private void AssertNoProblems(BrowserProblems problems)
    {
        Assert.True(problems.All.Count == 0, "The browser reported problems:" + Environment.NewLine + string.Join(Environment.NewLine, problems.All));
        var serverErrors = fixture.Server.Log.Errors;
        Assert.True(serverErrors.Count == 0, "The server logged errors:" + Environment.NewLine + string.Join(Environment.NewLine, serverErrors));
    }

    /// On failure: what the browser and the server reported, the transcript's text and a screenshot.
    private async Task ReportAsync(ChatPage chat, BrowserProblems problems)
    {
        foreach (var problem in problems.All)
        {
            output.WriteLine(problem);
        }
        output.WriteLine("server log: " + fixture.Server.Log.Describe());
        try
        {
            output.WriteLine("page: " + chat.Page.Url);
            output.WriteLine("transcript: " + await chat.Transcript.InnerTextAsync(new() { Timeout = 2_000 }));
            var path = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots", $"failure-{Guid.NewGuid():N}.png");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await chat.Page.ScreenshotAsync(new() { Path = path, Timeout = 5_000 });
            output.WriteLine("failure screenshot: " + path);
        }
        catch (PlaywrightException ex)
        {
            output.WriteLine("could not capture the page: " + ex.Message);
        }
    }
}
