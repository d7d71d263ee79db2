using System.Text.Json;
using SupportBot.Answering;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Conversations;

/// Renders an answer as the bot's reply activity: Markdown text, the citation as a link to the article, and a
/// "Talk to a person" button when the bot is not sure.
internal static class AnswerReplies
{
    public static Activity Create(Activity inbound, AnswerResult answer)
    {
        var text = answer.Text;
        if (answer.Decision == AnswerDecision.Answer && answer.Citations.Count > 0)
        {
            var sources = string.Join(", ", answer.Citations.Select(c => $"[{EscapeLinkText(Label(c))}]({c.Url})"));
            text = $"{text}\n\n**{BotMessages.Source}:** {sources}";
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
                            Title = BotMessages.TalkToPerson,
                            Value = JsonSerializer.SerializeToElement(BotMessages.TalkToPerson),
                        },
                    ],
                },
            };
        }
        return reply;
    }

    private static string Label(Citation citation)
        => string.Equals(citation.Heading, citation.Title, StringComparison.Ordinal) ? citation.Title : $"{citation.Title}: {citation.Heading}";

    private static string EscapeLinkText(string text) => text.Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);
}
