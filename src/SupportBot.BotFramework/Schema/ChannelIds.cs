namespace SupportBot.BotFramework.Schema;

// Compare channel ids ordinally. Web Chat conversations arrive as "webchat", Direct Line
// channel conversations as "directline".
public static class ChannelIds
{
    public const string Msteams = "msteams";
    public const string Webchat = "webchat";
    public const string Directline = "directline";
    public const string Emulator = "emulator";
    public const string Test = "test";
}
