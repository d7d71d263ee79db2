namespace SupportBot.BotFramework.Schema;

// Plain is the default when textFormat is absent; Teams renders Xml as an HTML subset.
public static class TextFormats
{
    public const string Plain = "plain";
    public const string Markdown = "markdown";
    public const string Xml = "xml";
}
