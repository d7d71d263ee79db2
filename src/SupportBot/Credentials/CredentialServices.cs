namespace SupportBot.Credentials;

internal static class CredentialServices
{
    /// The tokens and sessions refused before they expire, shared by Direct Line and the console.
    public static IServiceCollection AddRevocations(this IServiceCollection services)
    {
        services.AddSingleton<RevocationStore>();
        services.AddSingleton<RevocationList>();
        return services;
    }
}
