using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using SupportBot.FakeOpenAi;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests;

/// LLM mode as a person sees it in Web Chat: the model's wording with numbered citations when it is grounded, and
/// the knowledge base's own answer when the model fails or cites what it was not given. Only the final rendered
/// answer is checked, which stays the same however the answer reaches Web Chat.
public sealed partial class LlmWebChatTests : IClassFixture<LlmWebChatFixture>
{
    // A sentence the knowledge base never has, so that it can only have come from the model, in the knowledge
    // base's own words, so that the answer guard lets it through as grounded.
    private const string GeneratedWording = "Once Lumora approves it, a card refund takes five to ten business days to show up";
    private const string UngroundedWording = "Refunds land on your card within the hour";

    private readonly LlmWebChatFixture _fixture;
    private readonly ITestOutputHelper _output;
    private readonly int _logStart;

    public LlmWebChatTests(LlmWebChatFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
        // The model and the host serve the whole class: each test reads only what happened during it.
        fixture.Model.Requests.Clear();
        _logStart = fixture.WebChat.Server.Log.Entries.Count;
    }

    private SupportBotServer Server => _fixture.WebChat.Server;

    private FakeOpenAiServer Model => _fixture.Model;

    [Fact]
    public async Task Generated_answer_is_shown_with_its_numbered_citation_and_a_link_to_the_cited_article()
    {
        Model.Responder = _ => $"{GeneratedWording} [S1].";

        await ConverseAsync(async chat =>
        {
            await chat.AskAsync(RefundArticle.Question);

            var answer = chat.BotBubble(GeneratedWording);
            await Expect(answer, "the model's answer").ToContainTextAsync($"{GeneratedWording} [1].");
            await Expect(answer, "the model's answer").Not.ToContainTextAsync("[S1]");
            await Expect(chat.BotBubble(RefundArticle.Fact), "the knowledge base's own answer").ToHaveCountAsync(0);
            await ExpectSourceLinkAsync(answer.Locator("a[href*='/kb/']"));

            var request = Assert.Single(Model.Requests);
            Assert.EndsWith("/chat/completions", request.Path, StringComparison.Ordinal);
            Assert.Equal(LlmWebChatFixture.ChatModel, request.Body["model"]?.GetValue<string>());
            // The retrieved section goes in as data, in its kb_section tag, and never beside the customer's words.
            var sectionsMessage = Assert.Single(request.Messages, m => m.Content.Contains("<kb_section", StringComparison.Ordinal));
            Assert.Equal("system", sectionsMessage.Role);
            var section = KnowledgeSection().Match(sectionsMessage.Content);
            Assert.True(section.Success, "No section S1 in: " + sectionsMessage.Content);
            Assert.StartsWith(RefundArticle.Heading, section.Groups["text"].Value, StringComparison.Ordinal);
            Assert.Contains(RefundArticle.Fact, section.Groups["text"].Value, StringComparison.Ordinal);
            // The question goes in as data too: the customer's message between its delimiters, in the user message only.
            var customerMessage = Assert.Single(request.Messages, m => m.Content.Contains(RefundArticle.Question, StringComparison.Ordinal));
            Assert.Equal("user", customerMessage.Role);
            Assert.Contains($"---BEGIN CUSTOMER MESSAGE---\n{RefundArticle.Question}\n---END CUSTOMER MESSAGE---", customerMessage.Content, StringComparison.Ordinal);
            Assert.DoesNotContain("<kb_section", customerMessage.Content, StringComparison.Ordinal);

            AssertServerLog(modelFailed: false);
        });
    }

    [Fact]
    public async Task A_generated_answer_grows_in_one_bubble_while_it_is_written_and_the_final_answer_takes_its_place()
    {
        Model.Responder = _ => $"{GeneratedWording} [S1]. The refund email tells you the day it leaves us [S1].";
        // Slow enough for Web Chat to receive several livestream updates before the final message.
        Model.PieceDelay = TimeSpan.FromMilliseconds(150);
        try
        {
            await ConverseAsync(async chat =>
            {
                // Every text a bot bubble shows, as it changes: the livestream is gone by the time the answer is final.
                await chat.Page.EvaluateAsync("""
                    () => {
                      window.seenBotTexts = [];
                      new MutationObserver(() => {
                        for (const bubble of document.querySelectorAll('.webchat__bubble:not(.webchat__bubble--from-user)')) {
                          const text = bubble.innerText;
                          if (!window.seenBotTexts.includes(text)) window.seenBotTexts.push(text);
                        }
                      }).observe(document.body, { subtree: true, childList: true, characterData: true });
                    }
                    """);
                await chat.AskAsync(RefundArticle.Question);

                var answer = chat.BotBubble("The refund email tells you the day it leaves us");
                await Expect(answer, "the final answer").ToContainTextAsync($"{GeneratedWording} [1]. The refund email tells you the day it leaves us [1].");
                await ExpectSourceLinkAsync(answer.Locator("a[href*='/kb/']"));
                // One bubble holds the answer: the livestream's bubble became the final answer, none is left behind.
                await Expect(chat.BotBubble("Once Lumora approves it"), "bubbles with the answer").ToHaveCountAsync(1);
                var seen = await chat.Page.EvaluateAsync<string[]>("() => window.seenBotTexts");
                Assert.Contains(seen, text => text.Contains("Once Lumora approves it", StringComparison.Ordinal) && !text.Contains("leaves us", StringComparison.Ordinal));
                Assert.DoesNotContain(seen, text => text.Contains("[S1]", StringComparison.Ordinal));
                AssertServerLog(modelFailed: false);
            });
        }
        finally
        {
            Model.PieceDelay = TimeSpan.Zero;
        }
    }

    public static TheoryData<string> ModelFailures => ["server errors", "timeouts"];

    [Theory]
    [MemberData(nameof(ModelFailures))]
    public async Task When_the_model_fails_the_knowledge_base_answer_is_shown_with_its_source_link(string failure)
    {
        Model.Responder = _ => $"{GeneratedWording} [S1].";
        // Every attempt of the one call fails. Had one got through, the transcript would show the generated wording.
        var fault = failure == "timeouts"
            ? new FakeOpenAiServer.Fault(200, Delay: LlmWebChatFixture.AttemptTimeout * 10)
            : new FakeOpenAiServer.Fault(500);
        Model.FailNext([.. Enumerable.Repeat(fault, LlmWebChatFixture.AttemptsPerCall)]);

        await ConverseAsync(async chat =>
        {
            await chat.AskAsync(RefundArticle.Question);

            await ExpectKnowledgeBaseAnswerAsync(chat);
            await Expect(chat.Transcript, "the transcript").Not.ToContainTextAsync(GeneratedWording);
            Assert.Equal(LlmWebChatFixture.AttemptsPerCall, Model.ChatRequests);
            AssertServerLog(modelFailed: true, "The language model failed");
        });
    }

    [Fact]
    public async Task An_answer_citing_a_section_the_model_was_not_given_is_never_shown()
    {
        Model.Responder = _ => $"{UngroundedWording} [S9].";

        await ConverseAsync(async chat =>
        {
            await chat.AskAsync(RefundArticle.Question);

            await ExpectKnowledgeBaseAnswerAsync(chat);
            await Expect(chat.Transcript, "the transcript").Not.ToContainTextAsync(UngroundedWording);
            await Expect(chat.Transcript, "the transcript").Not.ToContainTextAsync("[S9]");
            Assert.Equal(1, Model.ChatRequests);
            AssertServerLog(modelFailed: false, "A generated answer was not sent because it cites sections it was not given (S9)");
        });
    }

    /// One conversation in a fresh browser context; on failure the report says what the browser and server saw.
    private async Task ConverseAsync(Func<ChatPage, Task> conversation)
    {
        await using var context = await _fixture.WebChat.NewContextAsync();
        var problems = BrowserProblems.Watch(context);
        var chat = new ChatPage(await context.NewPageAsync());
        try
        {
            await chat.OpenAsync();
            await conversation(chat);
            await chat.ExpectSentAsync();
            Assert.True(problems.All.Count == 0, "The browser reported problems:" + Environment.NewLine + string.Join(Environment.NewLine, problems.All));
        }
        catch
        {
            await FailureReport.WriteAsync(_output, chat, problems, Server.Log);
            throw;
        }
    }

    private async Task ExpectKnowledgeBaseAnswerAsync(ChatPage chat)
    {
        var answer = chat.BotBubble(RefundArticle.Fact);
        await Expect(answer, "the knowledge base's own answer").ToBeVisibleAsync();
        await ExpectSourceLinkAsync(answer.Locator($"a[href*='{RefundArticle.Path}']"));
    }

    /// One link, to the refund article on this host; Web Chat renders only absolute URLs as links.
    private async Task ExpectSourceLinkAsync(ILocator links)
    {
        await Expect(links, "the answer's link to its source").ToHaveCountAsync(1);
        await Expect(links, "the answer's source").ToContainTextAsync(RefundArticle.Heading);
        var href = new Uri(await links.GetAttributeAsync("href") ?? string.Empty, UriKind.RelativeOrAbsolute);
        Assert.True(href.IsAbsoluteUri, $"The source link {href} is not absolute.");
        Assert.Equal(Server.RootUri.Authority, href.Authority);
        Assert.Equal(RefundArticle.Path, href.AbsolutePath);
    }

    /// During this test the host logged no error and no warning but the expected ones, named by how they start.
    /// When the model failed, its libraries' reports of that failure are expected too.
    private void AssertServerLog(bool modelFailed, params string[] expectedWarnings)
    {
        var logged = Server.Log.Entries.Skip(_logStart).Where(e => !(modelFailed && IsLibraryReportOfModelFailure(e))).ToList();
        var errors = logged.Where(e => e.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, "The server logged errors:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        var warnings = logged.Where(e => e.Level == LogLevel.Warning).ToList();
        Assert.True(
            warnings.Count == expectedWarnings.Length && expectedWarnings.Zip(warnings).All(p => p.Second.Message.StartsWith(p.First, StringComparison.Ordinal)),
            $"The server's warnings were not [{string.Join(", ", expectedWarnings)}] but:" + Environment.NewLine + string.Join(Environment.NewLine, warnings));
    }

    // The bot handles a failing model (it answers from the knowledge base and logs one warning), but the libraries
    // on the way report the failure themselves, some of it at Error level: the resilience pipeline each retry, its
    // last attempt and each attempt's timeout on the "llm" client; Semantic Kernel the answer function that threw.
    private static bool IsLibraryReportOfModelFailure(ServerLogEntry entry)
        => (entry.Category == "Polly" && entry.Message.Contains("Source: 'llm-llm/", StringComparison.Ordinal))
           // Semantic Kernel names the category after the function when it streams, after KernelFunction when not.
           || (entry.Category is "Microsoft.SemanticKernel.KernelFunction" or "Answer" && entry.Message.Contains("-Answer failed.", StringComparison.Ordinal));

    [GeneratedRegex("<kb_section id=\"S1\">(?<text>.*?)</kb_section>", RegexOptions.Singleline)]
    private static partial Regex KnowledgeSection();
}
