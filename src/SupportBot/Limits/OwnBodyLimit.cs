using Microsoft.AspNetCore.Http.Metadata;

namespace SupportBot.Limits;

/// Marks endpoints that bound their body themselves and answer a breach in their protocol's own shape (Direct Line's
/// ErrorResponse, the Bot Framework's problem), with their own settings: RequestBodyLimit leaves them to it.
internal sealed class OwnBodyLimit : IRequestSizeLimitMetadata
{
    private static readonly OwnBodyLimit Instance = new();

    public long? MaxRequestBodySize => null;

    public static TBuilder On<TBuilder>(TBuilder builder) where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(Instance);
}
