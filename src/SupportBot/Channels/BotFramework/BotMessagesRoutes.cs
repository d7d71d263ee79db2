using Microsoft.Extensions.Options;
using SupportBot.BotFramework;
using SupportBot.Limits;
using SupportBot.Storage;

namespace SupportBot.Channels.BotFramework;

internal static partial class BotMessagesRoutes
{
    public static IEndpointRouteBuilder MapBotMessages(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<BotFrameworkOptions>>().Value.IsAuthenticationEnabled)
        {
            LogUnauthenticated(app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BotMessagesRoutes)));
        }
        // BoundedBody reads at most Bot:MaxActivityBytes.
        OwnBodyLimit.On(app.MapPost(BotMessagesEndpoint.Route, (HttpContext context, BotMessagesEndpoint endpoint) => endpoint.HandleAsync(context))
            .AddEndpointFilter<StoreRequired>());
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot:MicrosoftAppId is not set: /api/messages accepts activities without a token. Use this only for local development; set the Azure Bot registration's app id and password before exposing the bot.")]
    private static partial void LogUnauthenticated(ILogger logger);
}
