using System.Text.Json;
using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.Localization;

namespace SupportBot.Conversations;

/// Renders an answer as the bot's reply activity: Markdown text, the citation as a link to the article, and a
/// "Talk to a person" button when the bot is not sure.
internal static class AnswerReplies
{
    public static Activity Create(Activity inbound, AnswerResult answer, string publicBaseUrl)
    {
        // Web Chat only renders absolute http(s) URLs as links; a relative one becomes an inert citation button.
        var baseUrl = publicBaseUrl.Length > 0 ? publicBaseUrl
            : inbound.ChannelId is ChannelIds.Directline or ChannelIds.Webchat ? inbound.ServiceUrl ?? string.Empty
            : string.Empty;
        var messages = BotMessages.For(answer.Language);
        var text = answer.Text;
        if (answer.Decision == AnswerDecision.Answer && answer.Citations.Count > 0)
        {
            var sources = string.Join(", ", answer.Citations.Select(c => Link(c, baseUrl)));
            text = $"{text}\n\n**{messages.Source}:** {sources}";
        }
        if (answer.ClosestArticle is { } closest)
        {
            text = $"{text}\n\n{messages.ClosestArticle}: {Link(closest, baseUrl)}";
        }
        var reply = inbound.CreateReply(text) with { TextFormat = TextFormats.Markdown };
        if (answer.OffersHuman && answer.EscalationReason != EscalationReasons.CustomerAsked)
        {
            reply = reply with
            {
                SuggestedActions = new SuggestedActions
                {
                    To = inbound.From?.Id is { } user ? [user] : null,
                    Actions =
                    [
                        new CardAction
                        {
                            Type = ActionTypes.ImBack,
                            Title = messages.TalkToPerson,
                            Value = JsonSerializer.SerializeToElement(messages.TalkToPerson),
                        },
                    ],
                },
            };
        }
        return reply;
    }

    private static string Link(Citation citation, string baseUrl)
        => $"[{EscapeLinkText(Label(citation))}]({ArticleLinks.Absolute(citation, baseUrl) ?? citation.Url})";

    private static string Label(Citation citation)
        => string.Equals(citation.Heading, citation.Title, StringComparison.Ordinal) ? citation.Title : $"{citation.Title}: {citation.Heading}";

    private static string EscapeLinkText(string text) => text.Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);
}
