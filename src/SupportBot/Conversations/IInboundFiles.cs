using SupportBot.BotFramework.Schema;

namespace SupportBot.Conversations;

/// Keeps the files a customer's message carries where the agents can open them later (Channels/Teams/TeamsFiles for
/// Teams; other channels' attachments are kept as they are). Returns the message's attachments as they are to be logged.
internal interface IInboundFiles
{
    Task<IReadOnlyList<Attachment>> KeepAsync(Activity activity, CancellationToken cancellationToken);
}
