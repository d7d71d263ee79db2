using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SupportBot.Tests.Hosting;

/// A mail server on a free loopback port speaking enough SMTP (RFC 5321) for a client's EHLO, MAIL FROM, RCPT TO,
/// DATA (dot-stuffed, ended by a lone dot) and QUIT; it keeps what it was given. RejectRecipients answers RCPT TO
/// with 550, as a server refusing a mailbox does.
internal sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public FakeSmtpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public bool RejectRecipients { get; set; }

    public ConcurrentQueue<SmtpMessage> Messages { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 fake.smtp.test ESMTP ready");
        string? from = null;
        var to = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-fake.smtp.test greets you");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "HELO":
                    await writer.WriteLineAsync("250 fake.smtp.test");
                    break;
                case "MAIL":
                    from = Address(line);
                    await writer.WriteLineAsync("250 2.1.0 OK");
                    break;
                case "RCPT" when RejectRecipients:
                    await writer.WriteLineAsync("550 5.1.1 No such mailbox");
                    break;
                case "RCPT":
                    to.Add(Address(line));
                    await writer.WriteLineAsync("250 2.1.5 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                    {
                        data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                    }
                    Messages.Enqueue(new SmtpMessage(from ?? string.Empty, [.. to], data.ToString()));
                    to.Clear();
                    await writer.WriteLineAsync("250 2.0.0 queued");
                    break;
                case "RSET":
                    to.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 2.0.0 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 5.5.2 Command not implemented");
                    break;
            }
        }
    }

    private static string Address(string line) => line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.IndexOf('>', StringComparison.Ordinal)];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}

internal sealed record SmtpMessage(string From, IReadOnlyList<string> To, string Data);
