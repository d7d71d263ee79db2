using SupportBot.Limits;

namespace SupportBot.Channels.DirectLine;

internal static class DirectLineEndpoints
{
    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder app)
    {
        // Both hand out this host's own address or check against it: a request for a host it cannot vouch for is a 421.
        PublicAddress.RequireKnownHost(app.MapPost("/api/directline/token", (HttpContext context, DirectLineTokenIssuer issuer) => issuer.IssuePageTokenAsync(context)))
            .RequireCors(DirectLineCors.PageTokenPolicy).RequireRateLimiting(RateLimitPolicies.Tokens);

        // Bodies are bounded by DirectLine:MaxActivityBytes and MaxUploadBytes, refused with the service's errors.
        // A conversation's posts are limited by the channel once the caller has shown a credential for it, so that
        // nobody who merely knows its id can spend its allowance (DirectLineRequests).
        var directLine = PublicAddress.RequireKnownHost(OwnBodyLimit.On(app.MapGroup("/v3/directline"))).RequireCors(DirectLineCors.DirectLinePolicy);
        directLine.MapPost("/tokens/generate", (HttpContext context, DirectLineTokenIssuer issuer) => issuer.GenerateAsync(context)).RequireRateLimiting(RateLimitPolicies.Tokens);
        directLine.MapPost("/tokens/refresh", (HttpContext context, DirectLineTokenIssuer issuer) => issuer.RefreshAsync(context)).RequireRateLimiting(RateLimitPolicies.Tokens);
        directLine.MapPost("/tokens/revoke", (HttpContext context, DirectLineTokenIssuer issuer) => issuer.RevokeAsync(context)).RequireRateLimiting(RateLimitPolicies.Tokens);
        directLine.MapPost("/conversations", (HttpContext context, DirectLineChannel channel) => channel.StartAsync(context)).RequireRateLimiting(RateLimitPolicies.Tokens);
        directLine.MapGet("/conversations/{conversationId}",
            (HttpContext context, DirectLineChannel channel, string conversationId, string? watermark) => channel.ReconnectAsync(context, conversationId, watermark));
        directLine.MapGet("/conversations/{conversationId}/activities",
            (HttpContext context, DirectLineChannel channel, string conversationId, string? watermark) => channel.GetActivitiesAsync(context, conversationId, watermark));
        directLine.MapPost("/conversations/{conversationId}/activities",
            (HttpContext context, DirectLineChannel channel, string conversationId) => channel.PostActivityAsync(context, conversationId));
        directLine.MapPost("/conversations/{conversationId}/upload",
            (HttpContext context, DirectLineUploads uploads, string conversationId) => uploads.UploadAsync(context, conversationId)).DisableAntiforgery();
        directLine.MapGet("/attachments/{id}/{name}", (HttpContext context, DirectLineAttachments attachments, string id) => attachments.ServeAsync(id, context));
        directLine.Map("/conversations/{conversationId}/stream",
            (HttpContext context, DirectLineChannel channel, string conversationId, string? t, string? watermark) => channel.StreamAsync(context, conversationId, t, watermark));
        return app;
    }
}
