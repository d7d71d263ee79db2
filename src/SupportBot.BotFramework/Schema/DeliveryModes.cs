namespace SupportBot.BotFramework.Schema;

public static class DeliveryModes
{
    public const string Normal = "normal";
    public const string Notification = "notification";
    public const string Ephemeral = "ephemeral";

    /// The caller wants every reply in the HTTP response ({"activities":[...]}) and no connector calls.
    public const string ExpectReplies = "expectReplies";
}
