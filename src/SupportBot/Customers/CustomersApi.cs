using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SupportBot.Agents;

namespace SupportBot.Customers;

/// Customers for supervisors: merging customers who are one person. A customer's journey, export and erasure are
/// CustomerData's (CustomerDataApi), under the same path and tag.
internal static class CustomersApi
{
    public const int MaxMergeReferences = 20;

    public const string Path = "/api/customers";
    public const string Tag = "Customers";

    /// A customer id (cus_…) or one of the customer's identities (email:ana@example.com): "not found" as problem+json.
    public static ProblemHttpResult UnknownCustomer(string id)
        => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown customer", detail: $"No customer '{id}' (an id, or an identity kind:value).");

    public static IEndpointRouteBuilder MapCustomersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Path).RequireAuthorization(AgentApi.Policy).WithTags(Tag).AddEndpointFilter<AntiforgeryCheck>();
        api.MapPost("/merge", MergeAsync).RequireAuthorization(AgentApi.SupervisorPolicy)
            .WithSummary("Merge the customers that ids and identities name into one (supervisors only).");
        return app;
    }

    private static async Task<Results<Ok<MergeResult>, ValidationProblem, ProblemHttpResult>> MergeAsync(MergeRequest? request, ClaimsPrincipal user, CustomerStore customers, CancellationToken cancellationToken)
    {
        var texts = request?.Customers ?? [];
        var references = new List<CustomerReference>();
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (CustomerReference.TryParse(texts[i], out var problem) is { } reference)
            {
                references.Add(reference);
            }
            else
            {
                errors[$"customers[{i}]"] = [problem!];
            }
        }
        if (texts.Count is < 2 or > MaxMergeReferences)
        {
            errors["customers"] = [$"Name 2 to {MaxMergeReferences} customers (ids or identities) that are one person."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid merge");
        }
        var resolved = await customers.ResolveAsync(references, AgentApi.Agent(user).Id, cancellationToken);
        if (resolved.CustomerId is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown customer", detail: $"No customer '{resolved.Unknown[0]}'.");
        }
        return TypedResults.Ok(new MergeResult(resolved.CustomerId, resolved.Merged, await customers.IdentitiesAsync(resolved.CustomerId, cancellationToken)));
    }
}

internal sealed record MergeRequest(IReadOnlyList<string>? Customers);

internal sealed record MergeResult(string CustomerId, IReadOnlyList<string> Merged, IReadOnlyList<CustomerIdentity> Identities);
