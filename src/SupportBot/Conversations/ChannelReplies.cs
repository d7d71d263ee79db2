using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;
using SupportBot.Localization;

namespace SupportBot.Conversations;

/// One answer, drawn the way each channel shows it best: Markdown for Web Chat and Direct Line, an Adaptive
/// Card for Teams (streamed in personal chats), plain text for channels that render neither.
internal static class ChannelReplies
{
    /// What the customer sees while the bot works. Where replies stream (Teams personal chats, Web Chat) this
    /// opens a stream with informative text that the answer, streamed or final, replaces; elsewhere it is a typing
    /// indicator.
    public static Activity Thinking(Activity inbound, BotMessages messages)
        => ReplyStreams.Supports(inbound)
            ? ReplyStreams.Informative(inbound.CreateTypingReply(), messages.Thinking)
            : inbound.CreateTypingReply();

    /// The answer; streamId is the id the channel gave the Thinking activity, whose stream the answer closes. In
    /// Teams a stream's final carries the answer as text (the text streamed), not in a card.
    public static Activity Answer(Activity inbound, AnswerResult answer, string publicBaseUrl, string? streamId)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(answer);
        if (inbound.IsTeams())
        {
            var reply = inbound.CreateReply(answer.Text) with { TextFormat = TextFormats.Markdown };
            if (inbound.IsPersonalChat() && streamId is not null)
            {
                return ReplyStreams.Final(TeamsAnswerCard.StreamFinal(reply, answer, c => ArticleLinks.Absolute(c, publicBaseUrl)), streamId);
            }
            if (answer.Decision != AnswerDecision.SmallTalk && answer.EscalationReason != EscalationReasons.CustomerAsked)
            {
                reply = TeamsAnswerCard.Render(reply with { Text = null }, answer, c => ArticleLinks.Absolute(c, publicBaseUrl));
            }
            return reply;
        }
        var rendered = RendersMarkdown(inbound.ChannelId)
            ? AnswerReplies.Create(inbound, answer, publicBaseUrl)
            : PlainText(inbound, answer, publicBaseUrl);
        return ReplyStreams.Supports(inbound) && streamId is not null ? ReplyStreams.Final(rendered, streamId) : rendered;
    }

    /// Closes a Teams stream with exactly the text it showed: the only final Teams accepts once text was streamed.
    public static Activity StreamClosing(Activity inbound, string shown, string streamId)
        => ReplyStreams.Final(inbound.CreateReply(shown) with { TextFormat = TextFormats.Markdown }, streamId);

    private static bool RendersMarkdown(string? channelId)
        => channelId is ChannelIds.Webchat or ChannelIds.Directline or ChannelIds.Emulator or ChannelIds.Test;

    private static Activity PlainText(Activity inbound, AnswerResult answer, string publicBaseUrl)
    {
        var messages = BotMessages.For(answer.Language);
        var text = answer.Text;
        if (answer.Decision == AnswerDecision.Answer && answer.Citations.Count > 0)
        {
            text += $"\n\n{messages.Source}: " + string.Join(", ", answer.Citations.Select(c => Named(c, publicBaseUrl)));
        }
        if (answer.ClosestArticle is { } closest)
        {
            text += $"\n\n{messages.ClosestArticle}: {Named(closest, publicBaseUrl)}";
        }
        return inbound.CreateReply(text) with { TextFormat = TextFormats.Plain };
    }

    private static string Named(Citation citation, string publicBaseUrl)
        => ArticleLinks.Absolute(citation, publicBaseUrl) is { } url ? $"{citation.Title} ({url})" : citation.Title;
}
