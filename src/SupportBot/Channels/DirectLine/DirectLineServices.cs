using Microsoft.Extensions.Options;
using SupportBot.Credentials;
using SupportBot.Customers;
using SupportBot.Settings;
using SupportBot.Storage;

namespace SupportBot.Channels.DirectLine;

internal static class DirectLineServices
{
    /// The self-hosted Direct Line 3.0: tokens, conversations and their transcripts, uploads, the fan-out between
    /// instances, and the closing of erased customers' conversations. Its relay, the forgotten conversations'
    /// subscription and the cache eviction start in Hosting/StartupSequence.
    public static IServiceCollection AddDirectLine(this IServiceCollection services)
    {
        services.AddSettings<DirectLineOptions>(DirectLineOptions.Section);
        services.AddSingleton(sp => new DirectLineTokens(
            SigningKeyFile.Resolve(
                sp.GetRequiredService<IOptions<DirectLineOptions>>().Value,
                sp.GetRequiredService<Database>().DataDirectory),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DirectLineAuthenticator>();
        services.AddRevocations();
        services.AddSingleton<TokenRevocations>();
        services.AddSingleton<UserTokenValidator>();
        services.AddDirectLineCors();
        services.AddSingleton<DirectLineFanOut>();
        services.AddSingleton<DirectLineStore>();
        services.AddSingleton<DirectLineAttachments>();
        services.AddSingleton<UploadQuotas>();
        services.AddSingleton<PublicAddress>();
        services.AddSingleton<DirectLineRequests>();
        services.AddSingleton<DirectLineTokenIssuer>();
        services.AddSingleton<DirectLineChannel>();
        // Erasure and retention close a customer's conversations through Direct Line (IErasedConversations).
        services.AddSingleton<ForgottenConversations>();
        services.AddSingleton<IErasedConversations, DirectLineErasure>();
        services.AddSingleton<DirectLineUploads>();
        return services;
    }
}
