using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;
using SupportBot.Localization;

namespace SupportBot.Conversations;

/// Renders an answer for Teams: an Adaptive Card with the answer, its numbered sources and a "Talk to a
/// person" button (Action.Execute, answered by the adaptiveCard/action invoke), plus the schema.org entity
/// that carries the citations and, for generated answers, the AI label. The final message of a stream is drawn
/// differently (StreamFinal): Teams refuses a final whose text is not the text it streamed.
internal static partial class TeamsAnswerCard
{
    public const string HandoffVerb = "handoff";

    private static readonly JsonElement FeedbackLoop = JsonSerializer.SerializeToElement(
        new JsonObject { ["feedbackLoopEnabled"] = true, ["feedbackLoop"] = new JsonObject { ["type"] = "default" } });

    public static Activity Render(Activity reply, AnswerResult answer, Func<Citation, string?> absoluteUrl)
    {
        var messages = BotMessages.For(answer.Language);
        var sources = answer.Decision == AnswerDecision.Answer ? answer.Citations : [];
        var body = new JsonArray { TextBlock(answer.Text) };
        if (sources.Count > 0)
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = messages.Sources, ["weight"] = "Bolder", ["size"] = "Small", ["spacing"] = "Medium" });
            for (var i = 0; i < sources.Count; i++)
            {
                body.Add(TextBlock($"[{i + 1}] {SourceLabel(sources[i], absoluteUrl(sources[i]))}", small: true));
            }
        }
        if (answer.ClosestArticle is { } closest)
        {
            body.Add(TextBlock($"{messages.ClosestArticle}: {SourceLabel(closest, absoluteUrl(closest))}", small: true));
        }
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = body,
        };
        if (answer.EscalationReason != EscalationReasons.CustomerAsked)
        {
            card["actions"] = new JsonArray { HandoffAction(messages) };
        }

        var citations = sources
            .Select((c, i) => new MessageCitation(i + 1, Label(c), absoluteUrl(c) ?? c.Url, c.Passage ?? answer.Text))
            .ToList();
        return reply with
        {
            // Notifications and clients that cannot draw cards show the summary.
            Summary = answer.Text,
            Attachments = [new Attachment { ContentType = AdaptiveCardAction.ContentType, Content = JsonSerializer.SerializeToElement(card) }],
            Entities = [GeneratedMessageEntity.Create(answer.IsGenerated, citations)],
            // Teams draws thumbs up/down under the answer; a click arrives as a message/submitAction invoke.
            ChannelData = FeedbackLoop,
        };
    }

    /// The message that closes a stream, as Microsoft's SDKs send it: the answer as text (what was streamed, with
    /// [n] markers), the citations and AI label in the schema.org entity, thumbs up/down, and a card below it with
    /// only what text cannot carry: the closest article and the "Talk to a person" button.
    public static Activity StreamFinal(Activity reply, AnswerResult answer, Func<Citation, string?> absoluteUrl)
    {
        if (answer.Decision == AnswerDecision.SmallTalk || answer.EscalationReason == EscalationReasons.CustomerAsked)
        {
            return reply with { Text = answer.Text };
        }
        var messages = BotMessages.For(answer.Language);
        var sources = answer.Decision == AnswerDecision.Answer ? answer.Citations : [];
        var text = WithMarkers(answer.Text, sources.Count);
        var citations = sources
            .Select((c, i) => new MessageCitation(i + 1, Label(c), absoluteUrl(c) ?? c.Url, c.Passage ?? answer.Text))
            .Where(c => text.Contains($"[{c.Position}]", StringComparison.Ordinal))
            .ToList();
        var body = new JsonArray();
        if (answer.ClosestArticle is { } closest)
        {
            body.Add(TextBlock($"{messages.ClosestArticle}: {SourceLabel(closest, absoluteUrl(closest))}", small: true));
        }
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = body,
            ["actions"] = new JsonArray { HandoffAction(messages) },
        };
        return reply with
        {
            Text = text,
            Attachments = [new Attachment { ContentType = AdaptiveCardAction.ContentType, Content = JsonSerializer.SerializeToElement(card) }],
            Entities = [.. reply.Entities ?? [], GeneratedMessageEntity.Create(answer.IsGenerated, citations)],
            ChannelData = FeedbackLoop,
        };
    }

    // A generated answer already marks what it cites; a quoted one cites its one section as a whole, so the marker
    // goes at its end. Teams draws a citation only where the text carries its marker.
    private static string WithMarkers(string text, int sources)
        => sources == 0 || Marker().IsMatch(text) ? text : $"{text} {string.Concat(Enumerable.Range(1, sources).Select(n => $"[{n}]"))}";

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Marker();

    /// The card shown in place of the answer card once the customer has asked for a person.
    public static JsonObject HandoffRequested(BotMessages messages) => new()
    {
        ["type"] = "AdaptiveCard",
        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
        ["version"] = "1.5",
        ["body"] = new JsonArray { TextBlock(messages.HumanRequested) },
    };

    private static JsonObject HandoffAction(BotMessages messages) => new()
    {
        ["type"] = AdaptiveCardAction.ExecuteType,
        ["title"] = messages.TalkToPerson,
        ["verb"] = HandoffVerb,
        ["data"] = new JsonObject(),
    };

    private static JsonObject TextBlock(string text, bool small = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (small)
        {
            block["size"] = "Small";
        }
        return block;
    }

    // Teams cannot open a relative link, so without a public base URL the source is named, not linked.
    private static string SourceLabel(Citation citation, string? url)
        => url is null ? Label(citation) : $"[{Label(citation).Replace("]", ")", StringComparison.Ordinal)}]({url})";

    private static string Label(Citation citation)
        => string.Equals(citation.Heading, citation.Title, StringComparison.Ordinal) ? citation.Title : $"{citation.Title}: {citation.Heading}";
}
