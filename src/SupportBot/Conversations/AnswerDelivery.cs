using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;

namespace SupportBot.Conversations;

/// Sends the answer where the turn's stream left it, as Microsoft's SDKs close a Teams stream: with the text that was
/// streamed. Teams refuses (400) a final whose text is not the streamed text, so an answer the guard replaced after
/// some of the model's text was shown closes the stream with what was shown and follows as a message of its own. A
/// stream the customer stopped takes nothing more, and one near Teams' time limit is left to expire while the answer
/// goes as a new message.
internal static class AnswerDelivery
{
    /// Returns the id the channel gave the answer, or null when it was not sent (stream stopped, or queued).
    public static async Task<string?> SendAsync(
        InboundTurn turn, AnswerResult answer, string publicBaseUrl, string? streamId, ReplyStreamState stream, CancellationToken cancellationToken)
    {
        var inbound = turn.Activity;
        if (streamId is null || !inbound.IsPersonalChat())
        {
            return await turn.Sender.SendAsync(ChannelReplies.Answer(inbound, answer, publicBaseUrl, streamId), cancellationToken);
        }
        if (stream.Closed)
        {
            // The customer pressed Stop: Teams keeps what was shown, and the bot says no more.
            return null;
        }
        var final = ChannelReplies.Answer(inbound, answer, publicBaseUrl, streamId);
        if (stream.Age >= ReplyStreams.Lifetime(inbound))
        {
            return await turn.Sender.SendAsync(StreamInfo.WithoutStream(final), cancellationToken);
        }
        try
        {
            if ((final.Text ?? string.Empty).StartsWith(stream.Shown, StringComparison.Ordinal))
            {
                return await turn.Sender.SendAsync(final, cancellationToken);
            }
            await turn.Sender.SendAsync(ChannelReplies.StreamClosing(inbound, stream.Shown, streamId), cancellationToken);
        }
        catch (ReplyStreamClosedException)
        {
            return null;
        }
        return await turn.Sender.SendAsync(StreamInfo.WithoutStream(final), cancellationToken);
    }
}
