using SupportBot.BotFramework.DirectLine;
using SupportBot.BotFramework.Schema;
using SupportBot.Limits;

namespace SupportBot.Channels.DirectLine;

internal static class DirectLineEndpoints
{
    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder app)
    {
        // Both hand out this host's own address or check against it: a request for a host it cannot vouch for is a 421.
        PublicAddress.RequireKnownHost(app.MapPost("/api/directline/token", (HttpContext context, DirectLineTokenIssuer issuer) => issuer.IssuePageTokenAsync(context)))
            .RequireCors(DirectLineCors.PageTokenPolicy).RequireRateLimiting(RateLimitPolicies.Tokens).WithTags("Direct Line")
            .Produces<DirectLineConversation>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);

        // Bodies are bounded by DirectLine:MaxActivityBytes and MaxUploadBytes, refused with the service's errors.
        var directLine = PublicAddress.RequireKnownHost(OwnBodyLimit.On(app.MapGroup("/v3/directline"))).RequireCors(DirectLineCors.DirectLinePolicy)
            .WithTags("Direct Line").ProducesErrorResponse(StatusCodes.Status400BadRequest);
        directLine.MapPost("/tokens/revoke", (HttpContext context, DirectLineTokenIssuer issuer) => issuer.RevokeAsync(context)).RequireRateLimiting(RateLimitPolicies.Tokens);

        // Start and the token endpoints take any credential; generate then wants the secret, refresh a token.
        var callers = directLine.MapGroup(string.Empty).RequireCaller().ProducesCredentialErrors();
        callers.MapPost("/tokens/generate", (HttpContext context, DirectLineTokenIssuer issuer) => issuer.GenerateAsync(context))
            .RequireRateLimiting(RateLimitPolicies.Tokens).Produces<DirectLineConversation>();
        callers.MapPost("/tokens/refresh", (HttpContext context, DirectLineTokenIssuer issuer) => issuer.Refresh(context))
            .RequireRateLimiting(RateLimitPolicies.Tokens).Produces<DirectLineConversation>();
        callers.MapPost("/conversations", (HttpContext context, DirectLineChannel channel) => channel.StartAsync(context))
            .RequireRateLimiting(RateLimitPolicies.Tokens).Produces<DirectLineConversation>(StatusCodes.Status201Created).Produces<DirectLineConversation>();

        // A conversation's endpoints admit a caller its token (or the secret) admits. Its posts are limited only
        // after that, so that nobody who merely knows its id can spend its allowance.
        var conversation = directLine.MapGroup("/conversations/{conversationId}").RequireConversation().ProducesCredentialErrors()
            .ProducesErrorResponse(StatusCodes.Status404NotFound);
        // Mapped with its whole pattern: a group's own path plus an empty one would be ".../{conversationId}/".
        directLine.MapGet("/conversations/{conversationId}", (HttpContext context, DirectLineChannel channel, string conversationId, string? watermark) => channel.Reconnect(context, conversationId, watermark))
            .RequireConversation().ProducesCredentialErrors().ProducesErrorResponse(StatusCodes.Status404NotFound).Produces<DirectLineConversation>();
        conversation.MapGet("/activities", (HttpContext context, DirectLineChannel channel, string? watermark) => channel.GetActivitiesAsync(context, watermark))
            .Produces<ActivitySet>();
        var posts = directLine.MapGroup("/conversations/{conversationId}").AuthorizePost().ProducesCredentialErrors()
            .ProducesErrorResponse(StatusCodes.Status404NotFound).ProducesErrorResponse(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        posts.MapPost("/activities", (HttpContext context, DirectLineChannel channel) => channel.PostActivityAsync(context))
            .Produces<ResourceResponse>();
        posts.MapPost("/upload", (HttpContext context, DirectLineUploads uploads) => uploads.UploadAsync(context))
            .DisableAntiforgery().Produces<ResourceResponse>();

        // An attachment's random id is its credential (Web Chat shows images without sending its token).
        directLine.MapGet("/attachments/{id}/{name}", (HttpContext context, DirectLineAttachments attachments, string id) => attachments.ServeAsync(id, context))
            .Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream").ProducesErrorResponse(StatusCodes.Status404NotFound);
        directLine.Map("/conversations/{conversationId}/stream",
            (HttpContext context, DirectLineChannel channel, string conversationId, string? t, string? watermark) => channel.StreamAsync(context, conversationId, t, watermark))
            .ExcludeFromDescription();
        return app;
    }

    // A JsonHttpResult (the service's JSON, written with BotJson's options) states no status or body of its own, so
    // each endpoint says what it answers with Produces; the refusals are the service's ErrorResponse.
    private static TBuilder ProducesErrorResponse<TBuilder>(this TBuilder builder, int status) where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ErrorResponse), ["application/json"]));

    private static TBuilder ProducesCredentialErrors<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.ProducesErrorResponse(StatusCodes.Status401Unauthorized).ProducesErrorResponse(StatusCodes.Status403Forbidden);
}
