namespace SupportBot.BotFramework.ManagedIdentity;

/// Where a managed identity's tokens come from. Each Azure host offers exactly one of these, and says which
/// through its environment variables, so Auto is right unless the environment is misleading.
public enum ManagedIdentitySource
{
    /// App Service or Container Apps when IDENTITY_ENDPOINT and IDENTITY_HEADER are set, AKS workload identity
    /// when AZURE_FEDERATED_TOKEN_FILE is, the VM metadata endpoint otherwise.
    Auto,

    /// App Service and Container Apps: the local identity endpoint (IDENTITY_ENDPOINT), which wants IDENTITY_HEADER back.
    AppService,

    /// AKS workload identity: the projected service-account token (AZURE_FEDERATED_TOKEN_FILE) exchanged at Entra ID
    /// as a client assertion.
    WorkloadIdentity,

    /// The Azure Instance Metadata Service of a VM or scale set (169.254.169.254).
    Imds,
}
