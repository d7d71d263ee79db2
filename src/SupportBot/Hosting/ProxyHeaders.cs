using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace SupportBot.Hosting;

/// Behind a reverse proxy that ends TLS, the request's scheme and client address come from X-Forwarded-Proto and
/// X-Forwarded-For, taken only from the proxies the host trusts: loopback, plus Hosting:KnownProxies (addresses) and
/// Hosting:KnownNetworks (CIDR ranges). Without this a proxied HTTPS request looks like plain HTTP, so cookies lose
/// Secure and rate limits count the proxy as one client; trusting any sender would let a client claim either.
internal static class ProxyHeaders
{
    public static IServiceCollection AddProxyHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection("Hosting:KnownProxies").Get<string[]>() ?? [];
        var networks = configuration.GetSection("Hosting:KnownNetworks").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"Hosting:KnownProxies holds '{proxy}', which is not an IP address."));
            }
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var range)
                    ? range
                    : throw new InvalidOperationException($"Hosting:KnownNetworks holds '{network}', which is not a CIDR range such as 10.0.0.0/8."));
            }
        });
        return services;
    }

    /// Takes the forwarded scheme and address, first dropping an X-Forwarded-Proto that names anything but http or
    /// https: the middleware takes any token as the scheme, and the URLs the host builds from it would not parse.
    public static WebApplication UseProxyHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var proto = context.Request.Headers["X-Forwarded-Proto"];
            if (proto.Count > 0 && !proto.All(value => value is not null && value.Split(',').All(IsWebScheme)))
            {
                context.Request.Headers.Remove("X-Forwarded-Proto");
            }
            return next(context);
        });
        app.UseForwardedHeaders();
        return app;
    }

    private static bool IsWebScheme(string scheme)
        => scheme.Trim() is var s && (s.Equals("http", StringComparison.OrdinalIgnoreCase) || s.Equals("https", StringComparison.OrdinalIgnoreCase));
}
