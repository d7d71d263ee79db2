using System.Reflection;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using SupportBot.Customers;
using SupportBot.Limits;
using SupportBot.Storage;

namespace SupportBot.Touchpoints.External;

/// POST /api/touchpoints: other systems (shop, CRM, help desk, telephony) report what customers did there, one
/// touchpoint as a JSON object or a batch as an array. A batch is stored whole or not at all.
internal static class TouchpointsApi
{
    public static IEndpointRouteBuilder MapTouchpointsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(TouchpointSourceAuthentication.PathPrefix, PostAsync)
            .RequireAuthorization(TouchpointSourceAuthentication.Policy)
            .WithTags("Touchpoints")
            .WithSummary("Store touchpoints from another system: one JSON object or an array; Idempotency-Key makes a retry safe.");
        return app;
    }

    private static async Task<Results<ReplayedResult, ValidationProblem, ProblemHttpResult>> PostAsync(
        HttpRequest request, ClaimsPrincipal user, Database database, ExternalTouchpointStore store, IOptions<TouchpointsOptions> options,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var body = await BoundedBody.ReadAsync(request, settings.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"A post is at most {settings.MaxBodyBytes} bytes; send smaller batches.");
        }
        var idempotencyKey = request.Headers[IdempotencyKeys.Header].ToString();
        if (idempotencyKey.Length > IdempotencyKeys.MaxKeyLength)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Idempotency-Key too long", detail: $"An Idempotency-Key is at most {IdempotencyKeys.MaxKeyLength} characters.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON", detail: ex.Message);
        }
        using (document)
        {
            var root = document.RootElement;
            var batch = root.ValueKind == JsonValueKind.Array;
            if (!batch && root.ValueKind != JsonValueKind.Object)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a touchpoint", detail: "Send one touchpoint as a JSON object, or an array of them.");
            }
            var count = batch ? root.GetArrayLength() : 1;
            if (count == 0)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Empty batch", detail: "The array holds no touchpoints.");
            }
            if (count > settings.MaxBatch)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Batch too large", detail: $"A batch holds at most {settings.MaxBatch} touchpoints; this one has {count}.");
            }
            var now = time.GetUtcNow();
            var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var items = batch ? [.. root.EnumerateArray()] : new List<JsonElement> { root };
            var touchpoints = new List<ExternalTouchpoint>(count);
            for (var i = 0; i < items.Count; i++)
            {
                if (ExternalTouchpointReader.Read(items[i], batch ? $"[{i}]." : string.Empty, errors, now) is { } touchpoint)
                {
                    touchpoints.Add(touchpoint);
                }
            }
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(
                    errors.ToDictionary(e => e.Key.TrimEnd('.'), e => e.Value.ToArray()),
                    title: "Invalid touchpoints",
                    detail: $"{errors.Count} invalid field(s); nothing was stored.");
            }
            var caller = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
            return await StoreAsync(database, store, touchpoints, caller, idempotencyKey, Convert.ToHexStringLower(SHA256.HashData(body)), now, cancellationToken);
        }
    }

    private static async Task<Results<ReplayedResult, ValidationProblem, ProblemHttpResult>> StoreAsync(
        Database database, ExternalTouchpointStore store, IReadOnlyList<ExternalTouchpoint> touchpoints, string caller, string idempotencyKey,
        string requestHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (idempotencyKey.Length > 0
            && await IdempotencyKeys.ClaimAsync(connection, transaction, caller, idempotencyKey, requestHash, now) is { } earlier)
        {
            if (earlier.RequestHash != requestHash)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Idempotency-Key reused",
                    detail: "This Idempotency-Key was used for a different request; use a new key for new touchpoints.");
            }
            return earlier.Status is { } status
                ? new ReplayedResult((int)status, earlier.Response!)
                : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Request in progress", detail: "A request with this Idempotency-Key is still being processed; retry shortly.");
        }
        var stored = await store.StoreAsync(connection, transaction, touchpoints, caller, cancellationToken);
        if (stored is null)
        {
            var unknown = touchpoints.SelectMany(t => t.Customer).First(c => c.CustomerId is not null);
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unknown customer", detail: $"No customer '{unknown}'. Name customers by an identity (kind:value) or an id SupportBot gave.");
        }
        var response = new PostedTouchpoints(
            stored.Count(s => !s.Duplicate),
            stored.Count(s => s.Duplicate),
            [.. stored.Select((s, i) => new PostedTouchpoint(i, s.Id, s.CustomerId, s.Duplicate))]);
        var json = JsonSerializer.Serialize(response, JsonSerializerOptions.Web);
        if (idempotencyKey.Length > 0)
        {
            await IdempotencyKeys.CompleteAsync(connection, transaction, caller, idempotencyKey, StatusCodes.Status201Created, json);
        }
        await transaction.CommitAsync(cancellationToken);
        return new ReplayedResult(StatusCodes.Status201Created, json, replayed: false);
    }

    // The stored JSON is sent as it was the first time, byte for byte. It describes itself to OpenAPI as the 201 it is.
    private sealed class ReplayedResult(int status, string json, bool replayed = true) : IResult, IEndpointMetadataProvider
    {
        public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
            => builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status201Created, typeof(PostedTouchpoints), ["application/json"]));

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (replayed)
            {
                httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            }
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            return httpContext.Response.WriteAsync(json);
        }
    }
}

internal sealed record PostedTouchpoints(int Stored, int Duplicates, IReadOnlyList<PostedTouchpoint> Touchpoints);

internal sealed record PostedTouchpoint(int Index, long? Id, string CustomerId, bool Duplicate);
