using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace SupportBot.Handoff;

/// Sends a ticket's answer by e-mail through the Tickets:Smtp server, for customers whose conversation is gone.
internal sealed class TicketMailer(IOptions<TicketOptions> options)
{
    public bool IsConfigured => options.Value.Smtp.IsConfigured;

    public async Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl, DeliveryMethod = SmtpDeliveryMethod.Network };
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }
        // UTF-8 sent as 8-bit text, as every current server takes it (8BITMIME): the answer stays readable in the raw mail.
        using var message = new MailMessage(smtp.From, to, subject, body)
        {
            BodyEncoding = System.Text.Encoding.UTF8,
            BodyTransferEncoding = System.Net.Mime.TransferEncoding.EightBit,
        };
        await client.SendMailAsync(message, cancellationToken);
    }
}
