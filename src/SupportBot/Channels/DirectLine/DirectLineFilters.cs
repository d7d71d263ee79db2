using Microsoft.AspNetCore.Http.Features;

namespace SupportBot.Channels.DirectLine;

/// What a group of Direct Line endpoints checks before any of its handlers runs, as endpoint filters: the caller's
/// credential (start and the token endpoints), the caller admitted to the route's conversation (its reads, posts and
/// uploads), and for posts a conversation's allowance, taken only after the credential so that nobody who merely knows
/// its id can spend it. A handler reads what its filters established with Caller and Conversation.
internal static class DirectLineFilters
{
    /// The Authorization header's token or secret; refused in the service's error shape.
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var (caller, failure) = await context.RequestServices.GetRequiredService<DirectLineAuthenticator>().AuthenticateAsync(context.Request);
            if (failure is not null)
            {
                return failure;
            }
            context.Features.Set(caller!);
            return await next(invocation);
        });

    /// A caller the route's {conversationId} admits, and that conversation; a refusal for the credential counts
    /// against the caller's address (DirectLineRequests.RefusedAsync).
    public static TBuilder RequireConversation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.Admit(static (requests, context, conversationId) => requests.AuthorizeConversationAsync(context, conversationId));

    /// RequireConversation for a post (an activity or an upload), with the conversation's allowance of posts taken
    /// once the caller is admitted: with Redis the token's revocation check and the allowance are one round trip
    /// (DirectLineRequests.AuthorizePostAsync).
    public static TBuilder AuthorizePost<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.Admit(static (requests, context, conversationId) => requests.AuthorizePostAsync(context, conversationId));

    private static TBuilder Admit<TBuilder>(
        this TBuilder builder,
        Func<DirectLineRequests, HttpContext, string, Task<(DirectLineCaller? Caller, DirectLineConversationState? State, IResult? Failure)>> authorize)
        where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var (caller, state, failure) = await authorize(context.RequestServices.GetRequiredService<DirectLineRequests>(), context, ConversationIdOf(context));
            if (failure is not null)
            {
                return failure;
            }
            context.Features.Set(caller!);
            context.Features.Set(state!);
            return await next(invocation);
        });

    public static DirectLineCaller Caller(HttpContext context) => context.Features.GetRequiredFeature<DirectLineCaller>();

    public static DirectLineConversationState Conversation(HttpContext context) => context.Features.GetRequiredFeature<DirectLineConversationState>();

    private static string ConversationIdOf(HttpContext context) => context.Request.RouteValues["conversationId"] as string ?? string.Empty;
}
