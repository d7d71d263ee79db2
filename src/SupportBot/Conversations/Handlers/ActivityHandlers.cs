using SupportBot.BotFramework.Schema;

namespace SupportBot.Conversations;

/// The map from activity type to its handlers, in the order they were registered (the more specific kind of a type
/// first: a survey answer before any other message, a welcome before the other conversation updates).
internal sealed class ActivityHandlers(IEnumerable<IActivityHandler> handlers)
{
    private readonly Dictionary<string, IActivityHandler[]> _byType = handlers
        .SelectMany(handler => handler.Types.Select(type => (Type: type, Handler: handler)))
        .GroupBy(route => route.Type, StringComparer.Ordinal)
        .ToDictionary(group => group.Key, group => group.Select(route => route.Handler).ToArray(), StringComparer.Ordinal);

    public IActivityHandler? Find(Activity activity)
    {
        if (activity.Type is null || !_byType.TryGetValue(activity.Type, out var candidates))
        {
            return null;
        }
        foreach (var handler in candidates)
        {
            if (handler.Matches(activity))
            {
                return handler;
            }
        }
        return null;
    }
}

internal static class ActivityHandlerRegistration
{
    /// Registration order is the order of precedence within an activity type.
    public static IServiceCollection AddActivityHandlers(this IServiceCollection services)
    {
        services.AddSingleton<IActivityHandler, SurveyAnswerHandler>();
        services.AddSingleton<IActivityHandler, CustomerMessageHandler>();
        services.AddSingleton<IActivityHandler, ExternalHandoffStatusHandler>();
        services.AddSingleton<IActivityHandler, WelcomeHandler>();
        services.AddSingleton<IActivityHandler, MessageChangeHandler>();
        services.AddSingleton<IActivityHandler, CustomerTypingHandler>();
        services.AddSingleton<IActivityHandler, ReactionHandler>();
        services.AddSingleton<ActivityHandlers>();
        return services;
    }
}
