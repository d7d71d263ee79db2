using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SupportBot.BrowserTests;

/// A company's own web site on another loopback port, so another origin than SupportBot's: its shop page carries
/// the embed snippet, and for a signed-in customer (?customer=) its server signs a user token into the page, as
/// the README tells a site to do.
public sealed class CustomerSite : IAsyncDisposable
{
    public const string SigningKey = "the-shop-signs-user-tokens-with-this-32+-char-key";
    public const string Issuer = "https://shop.lumora.test";
    public const string Audience = "supportbot";
    private readonly WebApplication _app;

    private CustomerSite(WebApplication app) => _app = app;

    public string Origin { get; private set; } = string.Empty;

    /// SupportBot's address, which the snippet's script tag points at.
    public Uri ChatHost { get; set; } = new("http://127.0.0.1/");

    /// The settings with which SupportBot trusts this site: its origin and its user tokens.
    public void Trust(IDictionary<string, string?> settings)
    {
        settings["DirectLine:TrustedOrigins:0"] = Origin;
        settings["DirectLine:UserTokens:SigningKey"] = SigningKey;
        settings["DirectLine:UserTokens:Issuer"] = Issuer;
        settings["DirectLine:UserTokens:Audience"] = Audience;
    }

    public string ShopUrl(string? customer = null, string? locale = null)
    {
        var query = new List<string>();
        if (customer is not null)
        {
            query.Add("customer=" + Uri.EscapeDataString(customer));
        }
        if (locale is not null)
        {
            query.Add("locale=" + Uri.EscapeDataString(locale));
        }
        return $"{Origin}/shop{(query.Count > 0 ? "?" + string.Join('&', query) : string.Empty)}";
    }

    public static async Task<CustomerSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var site = new CustomerSite(builder.Build());
        site._app.MapGet("/shop", (string? customer, string? locale) => Results.Content(site.Page(customer, locale), "text/html; charset=utf-8"));
        await site._app.StartAsync();
        var address = site._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        site.Origin = new Uri(address).GetLeftPart(UriPartial.Authority);
        return site;
    }

    private string Page(string? customer, string? locale)
    {
        var attributes = string.Empty;
        if (customer is not null)
        {
            attributes += $" data-user-token=\"{SignUserToken(customer)}\"";
        }
        if (locale is not null)
        {
            attributes += $" data-locale=\"{WebUtility.HtmlEncode(locale)}\"";
        }
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Lumora shop</title><link rel="icon" href="data:,"></head>
            <body>
              <h1>Lumora shop</h1>
              <div id="supportbot-chat" style="height: 600px; max-width: 720px"></div>
              <script src="{new Uri(ChatHost, "/embed.js")}"{attributes}></script>
            </body>
            </html>
            """;
    }

    // What the site's backend does for the customer signed in to it.
    private static string SignUserToken(string customer) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Subject = new ClaimsIdentity([new Claim("sub", customer), new Claim("name", $"Customer {customer}")]),
        Issuer = Issuer,
        Audience = Audience,
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256),
    });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
