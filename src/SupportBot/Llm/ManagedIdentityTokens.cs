using System.ClientModel;
using System.ClientModel.Primitives;
using SupportBot.BotFramework.ManagedIdentity;

namespace SupportBot.Llm;

/// Entra ID tokens for Azure OpenAI from the host's managed identity, through the same credential as the bot's own
/// token (App Service and Container Apps, AKS workload identity, the VM metadata endpoint); cached per scope until
/// shortly before expiry, so BearerTokenPolicy asks the endpoint about once an hour.
internal sealed class ManagedIdentityTokens(ManagedIdentityCredential credential, TimeProvider time) : AuthenticationTokenProvider, IDisposable
{
    private readonly AccessTokenCache _cache = new(time);

    public ManagedIdentitySource Source => credential.Source;

    public override GetTokenOptions? CreateTokenOptions(IReadOnlyDictionary<string, object> properties) => new(properties);

    public override AuthenticationToken GetToken(GetTokenOptions options, CancellationToken cancellationToken)
        => GetTokenAsync(options, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<AuthenticationToken> GetTokenAsync(GetTokenOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (token, _) = await _cache.GetAsync(ScopeOf(options), rejected: null, credential.GetTokenAsync, cancellationToken);
        return new AuthenticationToken(token.Value, "Bearer", token.ExpiresOn);
    }

    public void Dispose() => _cache.Dispose();

    // BearerTokenPolicy passes its scopes as a ReadOnlyMemory<string> (or string[]) property.
    private static string ScopeOf(GetTokenOptions options)
        => options.Properties.GetValueOrDefault(GetTokenOptions.ScopesPropertyName) switch
        {
            ReadOnlyMemory<string> { Length: > 0 } scopes => scopes.Span[0],
            string[] { Length: > 0 } scopes => scopes[0],
            string { Length: > 0 } scope => scope,
            _ => LanguageModel.EntraIdScope,
        };
}
