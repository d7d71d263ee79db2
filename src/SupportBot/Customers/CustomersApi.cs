using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SupportBot.Agents;

namespace SupportBot.Customers;

/// Customers for agents: their journey; for supervisors, merging customers who are one person, and the
/// customer's data on request (export, erase). `{id}` is a customer id (cus_…) or one of the customer's
/// identities (email:ana@example.com).
internal static class CustomersApi
{
    public const int MaxMergeReferences = 20;

    public static IEndpointRouteBuilder MapCustomersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/customers").RequireAuthorization(AgentApi.Policy).WithTags("Customers").AddEndpointFilter<AntiforgeryCheck>();
        api.MapPost("/merge", MergeAsync).RequireAuthorization(AgentApi.SupervisorPolicy)
            .WithSummary("Merge the customers that ids and identities name into one (supervisors only).");
        api.MapGet("/{id}/journey", JourneyAsync).WithSummary("The customer's journey: conversations with their outcome and touchpoints from other systems, in order.");
        api.MapGet("/{id}/export", ExportAsync).RequireAuthorization(AgentApi.SupervisorPolicy)
            .WithSummary("Everything stored about the customer, as JSON (supervisors only).");
        api.MapDelete("/{id}", EraseAsync).RequireAuthorization(AgentApi.SupervisorPolicy)
            .WithSummary("Erase the customer: touchpoints, transcripts, attachments, handoffs and identities (supervisors only).");
        return app;
    }

    private static async Task<Results<Ok<CustomerExport>, ProblemHttpResult>> ExportAsync(string id, ClaimsPrincipal user, CustomerStore customers, PrivacyStore privacy, CancellationToken cancellationToken)
        => await customers.FindAsync(id, allowIdentity: true, cancellationToken) is { } customer
            ? TypedResults.Ok(await privacy.ExportAsync(customer, AgentApi.Agent(user).Id, cancellationToken))
            : UnknownCustomer(id);

    private static async Task<Results<Ok<ErasedCustomer>, ProblemHttpResult>> EraseAsync(string id, ClaimsPrincipal user, CustomerStore customers, PrivacyStore privacy, CancellationToken cancellationToken)
    {
        if (await customers.FindAsync(id, allowIdentity: true, cancellationToken) is not { } customer)
        {
            return UnknownCustomer(id);
        }
        return TypedResults.Ok(new ErasedCustomer(await privacy.EraseAsync(customer, AgentApi.Agent(user).Id, cancellationToken)));
    }

    private static async Task<Results<Ok<CustomerJourney>, ProblemHttpResult>> JourneyAsync(string id, CustomerStore customers, JourneyStore journeys, CancellationToken cancellationToken)
        => await customers.FindAsync(id, allowIdentity: true, cancellationToken) is { } customer
            ? TypedResults.Ok(await journeys.GetAsync(customer, cancellationToken))
            : UnknownCustomer(id);

    private static ProblemHttpResult UnknownCustomer(string id)
        => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown customer", detail: $"No customer '{id}' (an id, or an identity kind:value).");

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

internal sealed record ErasedCustomer(IReadOnlyDictionary<string, int> Deleted);

internal sealed record MergeRequest(IReadOnlyList<string>? Customers);

internal sealed record MergeResult(string CustomerId, IReadOnlyList<string> Merged, IReadOnlyList<CustomerIdentity> Identities);
