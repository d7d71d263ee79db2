using Microsoft.AspNetCore.Antiforgery;

namespace SupportBot.Agents;

/// Cookie-authenticated changes must carry the antiforgery token the console read from GET /agent/session: another
/// site can make a browser send the cookie (SameSite=Strict already stops most of that) but cannot read the token.
/// API-key callers hold a secret no browser sends on its own, so they need none. Safe methods pass untouched.
internal sealed class AntiforgeryCheck(IAntiforgery antiforgery) : IEndpointFilter
{
    public const string Header = "X-CSRF-Token";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!AgentAuthentication.IsApiKey(http.User) && !await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Antiforgery token missing or invalid",
                detail: $"Send the token from GET /agent/session in the {Header} header.");
        }
        return await next(context);
    }
}
