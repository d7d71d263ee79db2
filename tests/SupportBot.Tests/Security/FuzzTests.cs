using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;
using SupportBot.Knowledge;
using SupportBot.Tests.BotFramework;
using SupportBot.Tests.Channels;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Security;

/// Property tests over random and mutated input: the Activity parser only ever throws JsonException, the article
/// parsers never throw, and Direct Line never answers a body with a 500. A few hundred cases in CI; set
/// SUPPORTBOT_FUZZ_RUNS to run more.
public sealed class FuzzTests(SupportBotFactory factory) : IClassFixture<SupportBotFactory>
{
    private static readonly int Runs = int.TryParse(Environment.GetEnvironmentVariable("SUPPORTBOT_FUZZ_RUNS"), CultureInfo.InvariantCulture, out var runs) ? runs : 200;

    private static Config Settings => Config.QuickThrowOnFailure.WithMaxTest(Runs);

    private static readonly string[] Seeds = ["webchat-message", "teams-personal-message", "teams-adaptive-card-invoke", "directline-activity-set"];

    /// Real activities with bytes flipped, cut short or spliced with another, and plain random strings.
    private static Gen<byte[]> Bodies()
    {
        var seeds = Seeds.Select(name => Encoding.UTF8.GetBytes(Fixture.Read(name))).ToArray();
        var mutated = from seed in Gen.Elements(seeds)
                      from position in Gen.Choose(0, seed.Length - 1)
                      from value in Gen.Choose(0, 255)
                      from kind in Gen.Choose(0, 3)
                      select kind switch
                      {
                          0 => [.. seed[..position], (byte)value, .. seed[(position + 1)..]],
                          1 => seed[..position],
                          2 => [.. seed[..position], .. Encoding.UTF8.GetBytes(new string('[', value)), .. seed[position..]],
                          _ => [.. seed[..position], .. seed[(seed.Length - position)..]],
                      };
        var random = ArbMap.Default.GeneratorFor<string>().Select(s => Encoding.UTF8.GetBytes(s ?? string.Empty));
        return Gen.Frequency((3, mutated), (1, random));
    }

    [Fact]
    public void The_activity_parser_accepts_or_throws_JsonException_and_nothing_else()
        => Check.One(Settings, Prop.ForAll(Bodies().ToArbitrary(), body =>
        {
            try
            {
                BotJson.Deserialize<Activity>(body);
            }
            catch (JsonException)
            {
                // The one refusal the channels map to 400.
            }
        }));

    [Fact]
    public void The_article_parsers_never_throw_on_any_text()
        => Check.One(Settings, Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            text ??= string.Empty;
            foreach (var markup in new[] { text, $"# {text}\n<!-- {text}\n## x\n{text}", $"<html><h1>{text}</h1><p>{text}<script>{text}" })
            {
                MarkdownArticleParser.Parse(markup);
                HtmlArticleParser.Parse(markup);
                PlainTextArticleParser.Parse(markup);
            }
        }));

    [Fact]
    public async Task Direct_Line_never_answers_a_random_body_with_a_500()
    {
        var customer = new DirectLineClient(factory.CreateClient());
        await customer.StartAsync();
        var path = $"/v3/directline/conversations/{customer.ConversationId}/activities";
        // Direct Line's own per-conversation limit would answer 429 long before the runs end; a new conversation per
        // fifty bodies keeps the property about parsing.
        var posted = 0;
        Check.One(Settings, Prop.ForAll(Bodies().ToArbitrary(), body =>
        {
            if (++posted % 50 == 0)
            {
                customer.StartAsync().GetAwaiter().GetResult();
                path = $"/v3/directline/conversations/{customer.ConversationId}/activities";
            }
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var response = customer.SendAsync(HttpMethod.Post, path, content).GetAwaiter().GetResult();
            Assert.True(response.StatusCode < HttpStatusCode.InternalServerError, $"{(int)response.StatusCode} for {Encoding.UTF8.GetString(body)}");
        }));
    }
}
