using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests;

/// A person's view of the chat: Microsoft's Web Chat in headless Chromium, talking to the host's own Direct Line.
public sealed class WebChatTests(WebChatFixture fixture, ITestOutputHelper output) : IClassFixture<WebChatFixture>
{

    [Fact]
    public async Task Question_in_web_chat_is_answered_from_the_knowledge_base_with_a_working_source_link()
    {
        await using var context = await fixture.NewContextAsync();
        var problems = BrowserProblems.Watch(context);
        var chat = new ChatPage(await context.NewPageAsync());
        try
        {
            await chat.OpenAsync();
            await chat.AskAsync(RefundArticle.Question);

            var answer = chat.BotBubble(RefundArticle.Fact);
            await Expect(answer, "the bot's answer with the card refund timing").ToBeVisibleAsync();
            await chat.ExpectSentAsync();
            await chat.ExpectOnUserSideOnceAsync(RefundArticle.Question);
            await Screenshots.SaveAsync(chat.Page, "webchat-answer.png");
            await Accessibility.AssertNoViolationsAsync(chat.Page, "the web chat page with an answer");

            var link = answer.Locator($"a[href*='{RefundArticle.Path}']");
            var citationButton = answer.Locator($"button[value*='{RefundArticle.Path}']");
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
            await Expect(article, "the page the citation opens").ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"{RefundArticle.Path}(#.*)?$"));
            Assert.Equal(fixture.Server.RootUri.Authority, new Uri(article.Url).Authority);
            await ExpectArticleAsync(article);

            // The link's URL opened directly, as a shared or bookmarked citation is.
            var direct = await context.NewPageAsync();
            var response = await direct.GotoAsync(new Uri(fixture.Server.RootUri, href).ToString());
            Assert.NotNull(response);
            Assert.Equal(200, response.Status);
            await ExpectArticleAsync(direct);
            await Accessibility.AssertNoViolationsAsync(direct, "an article page");

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
            await chat.AskAsync(RefundArticle.Question);
            await Expect(chat.BotBubble(RefundArticle.Fact), "the bot's answer before the reload").ToBeVisibleAsync();

            await chat.Page.ReloadAsync();
            await chat.WaitUntilReadyAsync();

            // The same conversation comes back from Direct Line, each activity once: the welcome is not repeated (no
            // new conversation), the question is still on the user's side and counted as sent, the answer keeps its source.
            await chat.ExpectOnUserSideOnceAsync(RefundArticle.Question);
            await Expect(chat.BotBubble(RefundArticle.Fact), "the answer after the reload").ToHaveCountAsync(1);
            await Expect(chat.BotBubble(RefundArticle.Fact), "the answer's source after the reload").ToContainTextAsync(RefundArticle.Heading);
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

    [Fact]
    public async Task A_picture_uploaded_from_Web_Chat_reaches_the_host_and_is_linked_from_its_copy()
    {
        await using var context = await fixture.NewContextAsync();
        var problems = BrowserProblems.Watch(context);
        var chat = new ChatPage(await context.NewPageAsync());
        try
        {
            await chat.OpenAsync();
            // A 1x1 PNG, chosen through Web Chat's own upload button (its hidden file input).
            var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
            await chat.WebChat.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "hub-light.png", MimeType = "image/png", Buffer = png });
            // The page sends a chosen file at once (sendAttachmentOn "attach").
            await chat.ExpectSentAsync();

            // Once Direct Line echoes the message, the picture is the host's copy, not the browser's.
            // Web Chat lists a sent file as a link to its contentUrl.
            var picture = chat.WebChat.Locator("a[href*='/v3/directline/attachments/']");
            await Expect(picture, "the uploaded picture, served by the host").ToHaveCountAsync(1);
            await Expect(picture, "the uploaded picture's name").ToContainTextAsync("hub-light.png");
            var source = await picture.GetAttributeAsync("href");
            var served = await chat.Page.APIRequest.GetAsync(source!);
            Assert.Equal(200, served.Status);
            Assert.Equal(png, await served.BodyAsync());
            AssertNoProblems(problems);
        }
        catch
        {
            await ReportAsync(chat, problems);
            throw;
        }
    }

    [Fact]
    public async Task The_bots_Talk_to_a_person_button_is_clicked_and_the_bot_brings_in_the_support_team()
    {
        await using var context = await fixture.NewContextAsync();
        var problems = BrowserProblems.Watch(context);
        var chat = new ChatPage(await context.NewPageAsync());
        try
        {
            await chat.OpenAsync();
            await chat.AskAsync("What is the capital of Mongolia?");
            await Expect(chat.BotBubble("not sure I can answer that well"), "the bot saying it is not sure").ToBeVisibleAsync();

            // Web Chat shows the reply's suggested action as a button under the transcript; a click sends its imBack.
            var button = chat.WebChat.GetByRole(AriaRole.Toolbar, new() { Name = "Suggested actions" }).GetByRole(AriaRole.Button, new() { Name = "Talk to a person" });
            await Expect(button, "the suggested action").ToBeVisibleAsync();
            await button.ClickAsync();
            await Expect(chat.UserBubble("Talk to a person"), "the button's text, sent as the customer's message").ToBeVisibleAsync();
            await Expect(chat.BotBubble("asked our support team to join this conversation"), "the bot bringing in a person").ToBeVisibleAsync();
            await Expect(button, "the suggested action, gone once used").ToHaveCountAsync(0);
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
        var article = page.Locator($"article[data-article-id='{RefundArticle.Id}']");
        await Expect(article.Locator("h1"), "the article's heading").ToHaveTextAsync(RefundArticle.Heading);
        await Expect(article, "the article's text").ToContainTextAsync(RefundArticle.Fact);
    }

    private void AssertNoProblems(BrowserProblems problems)
    {
        Assert.True(problems.All.Count == 0, "The browser reported problems:" + Environment.NewLine + string.Join(Environment.NewLine, problems.All));
        var serverErrors = fixture.Server.Log.Errors;
        Assert.True(serverErrors.Count == 0, "The server logged errors:" + Environment.NewLine + string.Join(Environment.NewLine, serverErrors));
    }

    private Task ReportAsync(ChatPage chat, BrowserProblems problems) => FailureReport.WriteAsync(output, chat, problems, fixture.Server.Log);
}
