using System.Collections.Concurrent;
using System.Net;

namespace SupportBot.Tests.Channels.BotFramework;

/// Stands in for the network under the connector's HttpClient: records where every request would have gone and
/// answers it as a channel would, so a test can prove the bot never called a host (including ones no test can
/// listen on, such as internal addresses).
public sealed class RecordingHandler : HttpMessageHandler
{
    public ConcurrentQueue<Uri> Requests { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request.RequestUri!);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"id\":\"1\"}") });
    }
}
