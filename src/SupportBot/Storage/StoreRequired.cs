namespace SupportBot.Storage;

/// For endpoints that acknowledge what they receive (/api/messages): while the store is known to be down they refuse
/// at once, so nothing is acknowledged that could not be kept, even where the handler would not touch the store
/// before answering.
internal sealed class StoreRequired(Database database) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!database.Availability.IsAvailable)
        {
            StoreUnavailableResponse.AddRetryAfter(context.HttpContext.Response);
            return TypedResults.Problem(StoreUnavailableResponse.Problem());
        }
        return await next(context);
    }
}
