using System.Net;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;
using SupportBot.Web;

namespace SupportBot.Channels.DirectLine;

/// This host's own address as Direct Line hands it out (the stream URL, an upload's contentUrl, each activity's
/// serviceUrl, which agents' consoles show) and the origin its page token endpoint counts as its own. Web:PublicBaseUrl
/// decides it whenever set, whatever Host a request names. Without it a request's Host is taken only where nobody can
/// have chosen it to mislead: a loopback name (dotnet run on the defaults), a host AllowedHosts lists (the server
/// refuses the others), or any host in Development. Requests naming another host are refused with 421.
internal sealed partial class PublicAddress(
    IOptions<WebOptions> web, IOptions<HostFilteringOptions> hostFiltering, IHostEnvironment environment, ILogger<PublicAddress> logger)
{
    private readonly string? _configured = web.Value.PublicBaseUrl is { Length: > 0 } url ? url.TrimEnd('/') + "/" : null;
    private readonly bool _hostsListed = hostFiltering.Value.AllowedHosts is { Count: > 0 } hosts && !hosts.Contains("*");

    public bool Knows(HttpRequest request) => _configured is not null || _hostsListed || environment.IsDevelopment() || IsLoopback(request.Host);

    /// "https://support.example.com/": scheme, host, port and path base, ending in a slash.
    public string BaseUrl(HttpRequest request)
        => _configured ?? (Knows(request)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}/"
            : throw new InvalidOperationException("The request's host is not this host's public address; RequireKnownHost refuses such requests."));

    /// The origin browsers send from this host's own pages.
    public string Origin(HttpRequest request) => new Uri(BaseUrl(request)).GetLeftPart(UriPartial.Authority).ToLowerInvariant();

    /// BaseUrl for a WebSocket: ws:// or wss://.
    public string SocketBaseUrl(HttpRequest request)
    {
        var baseUrl = BaseUrl(request);
        return baseUrl.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? "wss:" + baseUrl["https:".Length..] : "ws:" + baseUrl["http:".Length..];
    }

    /// Direct Line's endpoints refuse a request naming a host this host cannot vouch for before they run.
    public static TBuilder RequireKnownHost<TBuilder>(TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilter(async (invocation, next) =>
        {
            var request = invocation.HttpContext.Request;
            var address = request.HttpContext.RequestServices.GetRequiredService<PublicAddress>();
            return address.Knows(request) ? await next(invocation) : address.Misdirected(request);
        });

    private IResult Misdirected(HttpRequest request)
    {
        LogUnknownHost(logger, request.Host.ToString());
        return Results.Problem(
            statusCode: StatusCodes.Status421MisdirectedRequest,
            title: "Misdirected request",
            detail: "This host does not answer Direct Line for that host name. Its operator sets Web:PublicBaseUrl to the address customers reach it at.");
    }

    private static bool IsLoopback(HostString host)
        => host.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Direct Line request for host {Host}: set Web:PublicBaseUrl to this host's public address, or list its hosts in AllowedHosts")]
    private static partial void LogUnknownHost(ILogger logger, string host);
}
