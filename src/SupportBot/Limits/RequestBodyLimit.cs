using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace SupportBot.Limits;

/// Every endpoint gets Limits:MaxRequestBodyBytes unless it declares its own (IRequestSizeLimitMetadata; OwnBodyLimit
/// for endpoints that enforce theirs). A declared
/// Content-Length over it is refused before anything reads the body; a chunked body is cut off by the server at the
/// same limit, and that BadHttpRequestException becomes a 413 problem too (LimitsServices).
internal sealed class RequestBodyLimit(RequestDelegate next, IOptions<LimitsOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } declared
            ? declared.MaxRequestBodySize
            : options.Value.MaxRequestBodyBytes;
        if (limit is { } maxBytes)
        {
            if (context.Request.ContentLength > maxBytes)
            {
                await LimitProblems.TooLarge(context, maxBytes).ExecuteAsync(context);
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = maxBytes;
            }
        }
        await next(context);
    }
}
