using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Authentication;

namespace SupportBot.Benchmarks.Micro;

/// A channel token checked on /api/messages once the signing keys are cached (as they are for a day):
/// signature (RS256, 2048-bit), issuer, lifetime, audience, endorsement and the serviceurl claim.
[MemoryDiagnoser]
public class JwtValidationBenchmarks
{
    private const string AppId = "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8";
    private const string MetadataUrl = "https://login.example.test/v1/.well-known/openidconfiguration";
    private const string ServiceUrl = "https://smba.trafficmanager.net/teams/";
    private RSA _rsa = null!;
    private BotAuthenticator _authenticator = null!;
    private string _header = string.Empty;

    [GlobalSetup]
    public async Task Setup()
    {
        _rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(_rsa) { KeyId = "benchmark-key" };
        var options = Options.Create(new BotFrameworkOptions { MicrosoftAppId = AppId, ToBotFromChannelOpenIdMetadataUrl = MetadataUrl });
        var keys = new SigningKeyCache(new HttpClient(new KeySetHandler(key)), TimeProvider.System, NullLogger<SigningKeyCache>.Instance);
        _authenticator = new BotAuthenticator(keys, options, TimeProvider.System);
        var now = DateTime.UtcNow;
        _header = "Bearer " + new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.ToBotFromChannelTokenIssuer,
            Audience = AppId,
            Claims = new Dictionary<string, object> { ["serviceurl"] = ServiceUrl },
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(2),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
        if (!(await Validate()).Succeeded)
        {
            throw new InvalidOperationException("The benchmark token does not validate.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _rsa.Dispose();

    [Benchmark]
    public Task<BotAuthenticationResult> Validate() => _authenticator.AuthenticateAsync(_header, "msteams", ServiceUrl, CancellationToken.None);

    /// The OpenID metadata and JWKS a Bot Framework authority publishes, answered without a network.
    private sealed class KeySetHandler(RsaSecurityKey key) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
            JsonObject body = request.RequestUri!.AbsolutePath.EndsWith("/keys", StringComparison.Ordinal)
                ? new JsonObject
                {
                    ["keys"] = new JsonArray(new JsonObject
                    {
                        ["kty"] = "RSA",
                        ["use"] = "sig",
                        ["kid"] = key.KeyId,
                        ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                        ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                        ["endorsements"] = new JsonArray("msteams", "webchat"),
                    }),
                }
                : new JsonObject { ["issuer"] = "https://api.botframework.com", ["jwks_uri"] = "https://login.example.test/keys" };
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body.ToJsonString()) });
        }
    }
}
