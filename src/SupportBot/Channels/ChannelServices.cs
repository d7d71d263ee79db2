using SupportBot.Conversations;
using SupportBot.Handoff;

namespace SupportBot.Channels;

internal static class ChannelServices
{
    /// The way back into a conversation outside a turn, behind the contracts Handoff and Conversations own.
    public static IServiceCollection AddConversationSenders(this IServiceCollection services)
    {
        services.AddSingleton<ConversationSenders>();
        services.AddSingleton<IActivitySenderSource>(sp => sp.GetRequiredService<ConversationSenders>());
        services.AddSingleton<ITurnSenders>(sp => sp.GetRequiredService<ConversationSenders>());
        return services;
    }
}
