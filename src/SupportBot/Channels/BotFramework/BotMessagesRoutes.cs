using Microsoft.Extensions.Options;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;
using SupportBot.Limits;
using SupportBot.Storage;

namespace SupportBot.Channels.BotFramework;

internal static partial class BotMessagesRoutes
{
    public static IEndpointRouteBuilder MapBotMessages(this IEndpointRouteBuilder app)
    {
        var settings = app.ServiceProvider.GetRequiredService<IOptions<BotFrameworkOptions>>().Value;
        if (!settings.IsAuthenticationEnabled)
        {
            var logger = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BotMessagesRoutes));
            if (settings.AllowUnauthenticatedMessages)
            {
                LogUnauthenticated(logger);
            }
            else
            {
                LogClosed(logger);
            }
        }
        // BoundedBody reads at most Bot:MaxActivityBytes. The store's availability is checked first, then whether
        // the endpoint is open at all.
        OwnBodyLimit.On(app.MapPost(BotMessagesEndpoint.Route, (HttpContext context, BotMessagesEndpoint endpoint) => endpoint.HandleAsync(context))
            .AddEndpointFilter<StoreRequired>().AddEndpointFilter(BotMessagesEndpoint.RefuseWhileClosedAsync)
            .WithTags("Bot Framework").Produces<ExpectedReplies>().ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden));
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot:MicrosoftAppId is not set: /api/messages accepts activities without a token (Development or Bot:AllowUnauthenticatedMessages) and replies to loopback serviceUrls only. Use this only for local development; set the Azure Bot registration's app id and password before exposing the bot.")]
    private static partial void LogUnauthenticated(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot:MicrosoftAppId is not set: /api/messages answers 401 until it is (Web Chat through Direct Line needs no app id). For the Emulator or tests on this machine, set Bot:AllowUnauthenticatedMessages=true.")]
    private static partial void LogClosed(ILogger logger);
}
