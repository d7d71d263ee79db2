using SupportBot.BotFramework;
using SupportBot.BotFramework.Authentication;
using SupportBot.BotFramework.Connector;
using SupportBot.Settings;

namespace SupportBot.Channels.BotFramework;

internal static class BotFrameworkChannelServices
{
    /// Azure Bot Service and Teams: /api/messages in (token check), the connector out, and the outbox of replies the
    /// channel could not take yet (its drain starts in Hosting/StartupSequence).
    public static IServiceCollection AddBotFrameworkChannel(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddSettings<BotFrameworkOptions>(BotFrameworkOptions.Section);
        if (environment.IsDevelopment())
        {
            // A developer's machine: the Emulator and test channels post without a token and listen on plain http.
            services.PostConfigure<BotFrameworkOptions>(bot =>
            {
                bot.AllowUnauthenticatedMessages = true;
                bot.AllowHttpOnLoopback = true;
            });
        }
        services.AddHttpClient<SigningKeyCache>().AddStandardResilienceHandler();
        services.AddSingleton<BotAuthenticator>();
        services.AddBotFrameworkConnector();
        services.AddSingleton<ISharedSendBudget, SharedSendBudget>();
        services.AddSettings<OutboxOptions>(OutboxOptions.Section);
        services.AddSingleton<ConnectorOutbox>();
        services.AddSingleton<BotFrameworkSender>();
        services.AddSingleton<BotMessagesEndpoint>();
        return services;
    }
}
