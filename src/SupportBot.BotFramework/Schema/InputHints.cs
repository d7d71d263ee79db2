namespace SupportBot.BotFramework.Schema;

// Swagger/SDK wire values; the prose spec's short "accepting/expecting/ignoring" is not what
// channels send.
public static class InputHints
{
    public const string AcceptingInput = "acceptingInput";
    public const string ExpectingInput = "expectingInput";
    public const string IgnoringInput = "ignoringInput";
}
