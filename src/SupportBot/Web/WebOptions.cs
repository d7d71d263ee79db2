namespace SupportBot.Web;

internal sealed class WebOptions
{
    public const string Section = "Web";

    /// Public address of this host (https://support.example.com/), used for links in the bot's messages.
    /// Empty: Direct Line replies link to the address the customer's chat reached; other channels get relative links.
    public string PublicBaseUrl { get; set; } = string.Empty;
}
