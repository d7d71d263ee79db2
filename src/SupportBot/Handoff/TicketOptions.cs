namespace SupportBot.Handoff;

/// The `Tickets` section: how answers to left messages reach a customer whose conversation cannot be reached.
internal sealed class TicketOptions
{
    public const string Section = "Tickets";

    public SmtpOptions Smtp { get; set; } = new();
}

/// Tickets:Smtp: the mail server answers go out through; off while Host or From is empty.
internal sealed class SmtpOptions
{
    public string Host { get; set; } = string.Empty;
    public int Port { get; set; } = 587;
    /// STARTTLS (or TLS on connect, as the server's port expects).
    public bool EnableSsl { get; set; } = true;
    public string UserName { get; set; } = string.Empty;
    public string Password { get; set; } = string.Empty;
    /// The sender address customers see and reply to.
    public string From { get; set; } = string.Empty;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);
}
