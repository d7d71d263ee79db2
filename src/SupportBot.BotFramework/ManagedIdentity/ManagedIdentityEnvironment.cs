using Microsoft.Extensions.Configuration;

namespace SupportBot.BotFramework.ManagedIdentity;

/// The variables Azure sets on a host with a managed identity, read through configuration (which includes the
/// process environment) so that tests can set them for one host without touching the process.
public sealed record ManagedIdentityEnvironment(
    string? IdentityEndpoint,
    string? IdentityHeader,
    string? FederatedTokenFile,
    string? ClientId,
    string? TenantId,
    string? AuthorityHost,
    string? PodIdentityAuthorityHost)
{
    public const string DefaultAuthorityHost = "https://login.microsoftonline.com/";
    public const string DefaultImdsEndpoint = "http://169.254.169.254/metadata/identity/oauth2/token";

    public static ManagedIdentityEnvironment None { get; } = new(null, null, null, null, null, null, null);

    public static ManagedIdentityEnvironment From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return From(name => configuration[name]);
    }

    public static ManagedIdentityEnvironment FromProcess() => From(System.Environment.GetEnvironmentVariable);

    private static ManagedIdentityEnvironment From(Func<string, string?> variable)
    {
        string? Read(string name) => variable(name) is { Length: > 0 } value ? value : null;
        return new ManagedIdentityEnvironment(
            Read("IDENTITY_ENDPOINT"), Read("IDENTITY_HEADER"), Read("AZURE_FEDERATED_TOKEN_FILE"),
            Read("AZURE_CLIENT_ID"), Read("AZURE_TENANT_ID"), Read("AZURE_AUTHORITY_HOST"), Read("AZURE_POD_IDENTITY_AUTHORITY_HOST"));
    }

    /// The source this host offers, or null when it names none (a VM, or a machine outside Azure).
    public ManagedIdentitySource? Detected
        => IdentityEndpoint is not null && IdentityHeader is not null ? ManagedIdentitySource.AppService
            : FederatedTokenFile is not null ? ManagedIdentitySource.WorkloadIdentity
            : null;

    /// The VM metadata endpoint, moved where Azure.Identity lets AZURE_POD_IDENTITY_AUTHORITY_HOST move it.
    public string ImdsEndpoint
        => PodIdentityAuthorityHost is { } host ? host.TrimEnd('/') + "/metadata/identity/oauth2/token" : DefaultImdsEndpoint;
}
