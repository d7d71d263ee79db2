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
}
