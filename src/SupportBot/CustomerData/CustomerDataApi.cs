using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SupportBot.Agents;
using SupportBot.Customers;

namespace SupportBot.CustomerData;

/// A customer's data across the features, under the customers' path: their journey for agents; for supervisors,
/// everything stored about them (export) or none of it any more (erase). `{id}` is a customer id (cus_…) or one of
/// the customer's identities (email:ana@example.com).
internal static class CustomerDataApi
{
    public static IEndpointRouteBuilder MapCustomerDataApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(CustomersApi.Path).RequireAuthorization(AgentApi.Policy).WithTags(CustomersApi.Tag).AddEndpointFilter<AntiforgeryCheck>();
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
            : CustomersApi.UnknownCustomer(id);

    private static async Task<Results<Ok<ErasedCustomer>, ProblemHttpResult>> EraseAsync(string id, ClaimsPrincipal user, CustomerStore customers, PrivacyStore privacy, CancellationToken cancellationToken)
    {
        if (await customers.FindAsync(id, allowIdentity: true, cancellationToken) is not { } customer)
        {
            return CustomersApi.UnknownCustomer(id);
        }
        return TypedResults.Ok(new ErasedCustomer(await privacy.EraseAsync(customer, AgentApi.Agent(user).Id, cancellationToken)));
    }

    private static async Task<Results<Ok<CustomerJourney>, ProblemHttpResult>> JourneyAsync(string id, CustomerStore customers, JourneyStore journeys, CancellationToken cancellationToken)
        => await customers.FindAsync(id, allowIdentity: true, cancellationToken) is { } customer
            ? TypedResults.Ok(await journeys.GetAsync(customer, cancellationToken))
            : CustomersApi.UnknownCustomer(id);
}

internal sealed record ErasedCustomer(IReadOnlyDictionary<string, int> Deleted);
