using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// Presence, capacity and per-agent reports: the agent API's routing endpoints.
internal static class RoutingApi
{
    private const int MaxReportDays = 366;

    public static RouteGroupBuilder MapRoutingApi(this RouteGroupBuilder api)
    {
        api.MapGet("/presence", PresenceAsync).WithSummary("The signed-in agent's status (chosen and effective: idle counts as away), capacity and load.");
        api.MapPut("/presence", SetPresenceAsync).WithSummary("Set the agent's status: online (takes assigned conversations), away or busy.");
        api.MapPost("/presence/activity", ActivityAsync).WithSummary("A sign the agent is at the desk (the console sends it on input); idle agents count as away.");
        api.MapGet("/routing", RoutingAsync).WithSummary("Each queue's assignment mode and every agent's status, capacity and load.");
        api.MapPut("/agents/{id}/capacity", SetCapacityAsync).RequireAuthorization(AgentApi.SupervisorPolicy)
            .WithSummary("How many conversations the agent holds at once under round robin; null: Routing:DefaultCapacity (supervisors only).");
        api.MapPut("/agents/{id}/presence", SetAgentPresenceAsync).RequireAuthorization(AgentApi.SupervisorPolicy)
            .WithSummary("Set another agent's status: online, away or busy, as they would themselves (supervisors only).");
        api.MapGet("/reports/agents", ReportAsync).RequireAuthorization(AgentApi.SupervisorPolicy)
            .WithSummary("Per agent over [from, to) (yyyy-MM-dd, UTC days; default the last 30): conversations, first response, handle time, CSAT, SLA breaches.")
            .WithDescription("channel keeps one channel's work (as /api/analytics does); segment keeps the conversations of one of the dashboard's "
                + "segments (/api/analytics/filters lists them; default all). The answer repeats the filter it applied.");
        return api;
    }

    private static async Task<AgentState> StateAsync(string agentId, HandoffService handoffs, AgentAvailability availability, CancellationToken cancellationToken)
    {
        var agents = await availability.ListAsync(await handoffs.ListOpenAsync(cancellationToken), cancellationToken);
        return agents.FirstOrDefault(a => string.Equals(a.AgentId, agentId, StringComparison.OrdinalIgnoreCase))
            ?? new AgentState(agentId, AgentRoutingStore.Online, "offline", false, 0, 0, null);
    }

    private static async Task<Ok<AgentState>> PresenceAsync(ClaimsPrincipal user, HandoffService handoffs, AgentAvailability availability, CancellationToken cancellationToken)
        => TypedResults.Ok(await StateAsync(AgentApi.Agent(user).Id, handoffs, availability, cancellationToken));

    private static async Task<Results<Ok<AgentState>, ProblemHttpResult>> SetPresenceAsync(
        PresenceRequest? request, ClaimsPrincipal user, AgentRoutingStore routing, RoutingSignal signal, HandoffService handoffs, AgentAvailability availability,
        CancellationToken cancellationToken)
    {
        if (!AgentRoutingStore.IsStatus(request?.Status))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown status", detail: "Send {\"status\": \"online\"}, \"away\" or \"busy\".");
        }
        var agent = AgentApi.Agent(user);
        await routing.SetStatusAsync(agent.Id, request!.Status!, cancellationToken);
        signal.Poke();
        return TypedResults.Ok(await StateAsync(agent.Id, handoffs, availability, cancellationToken));
    }

    // The API's filter has recorded the activity already (every change counts); this is the console's input ping.
    private static NoContent ActivityAsync(RoutingSignal signal)
    {
        signal.Poke();
        return TypedResults.NoContent();
    }

    private static async Task<Ok<RoutingView>> RoutingAsync(
        HandoffService handoffs, AgentAvailability availability, IOptions<RoutingOptions> routing, IOptions<HandoffOptions> queues, CancellationToken cancellationToken)
        => TypedResults.Ok(new RoutingView(
            queues.Value.AllQueues.ToDictionary(q => q, routing.Value.ModeOf, StringComparer.Ordinal),
            routing.Value.DefaultCapacity,
            routing.Value.IdleMinutes,
            await availability.ListAsync(await handoffs.ListOpenAsync(cancellationToken), cancellationToken)));

    private static async Task<Results<NoContent, ProblemHttpResult>> SetCapacityAsync(
        string id, CapacityRequest? request, AgentDirectory directory, AgentRoutingStore routing, RoutingSignal signal, CancellationToken cancellationToken)
    {
        if (request is null || request.Capacity is < 1 or > 100)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid capacity", detail: "Send {\"capacity\": 1..100}, or {\"capacity\": null} for the default.");
        }
        if (await directory.FindAsync(id, cancellationToken) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown agent", detail: $"There is no agent '{id}'.");
        }
        await routing.SetCapacityAsync(id, request.Capacity, cancellationToken);
        signal.Poke();
        return TypedResults.NoContent();
    }

    // A supervisor covering the desk: the agent's own choice is replaced, and they see it on their console's next read.
    private static async Task<Results<NoContent, ProblemHttpResult>> SetAgentPresenceAsync(
        string id, PresenceRequest? request, AgentDirectory directory, AgentRoutingStore routing, RoutingSignal signal, CancellationToken cancellationToken)
    {
        if (!AgentRoutingStore.IsStatus(request?.Status))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown status", detail: "Send {\"status\": \"online\"}, \"away\" or \"busy\".");
        }
        if (await directory.FindAsync(id, cancellationToken) is not { } agent)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown agent", detail: $"There is no agent '{id}'.");
        }
        await routing.SetStatusAsync(agent.Id, request!.Status!, cancellationToken);
        signal.Poke();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<AgentReportView>, ProblemHttpResult>> ReportAsync(
        string? from, string? to, string? channel, string? segment, AgentReports reports, IReportSegments segments, TimeProvider time, CancellationToken cancellationToken)
    {
        channel = string.IsNullOrEmpty(channel) ? null : channel;
        if (channel is not null && !ReportFilter.IsChannel(channel))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid channel", detail: ReportFilter.ChannelRule);
        }
        segment = string.IsNullOrEmpty(segment) ? segments.Ids[0] : segment;
        if (segments.Ids.FirstOrDefault(id => string.Equals(id, segment, StringComparison.OrdinalIgnoreCase)) is not { } segmentId)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest, title: "Unknown segment", detail: $"Unknown segment '{segment}'; one of: {string.Join(", ", segments.Ids)}.");
        }
        var end = time.GetUtcNow().UtcDateTime.Date.AddDays(1);
        if (!string.IsNullOrEmpty(to))
        {
            if (!DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid date", detail: $"'to' must be a day (yyyy-MM-dd), not '{to}'.");
            }
            end = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        }
        var start = end.AddDays(-30);
        if (!string.IsNullOrEmpty(from))
        {
            if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid date", detail: $"'from' must be a day (yyyy-MM-dd), not '{from}'.");
            }
            start = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        }
        if (start >= end || (end - start).TotalDays > MaxReportDays)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid range", detail: $"'from' must come before 'to', at most {MaxReportDays} days apart.");
        }
        var rows = await reports.ReadAsync(new DateTimeOffset(start), new DateTimeOffset(end), channel, segmentId, cancellationToken);
        return TypedResults.Ok(new AgentReportView(new DateTimeOffset(start), new DateTimeOffset(end), channel, segmentId, rows));
    }
}

internal sealed record PresenceRequest(string? Status);

internal sealed record CapacityRequest(int? Capacity);

internal sealed record RoutingView(IReadOnlyDictionary<string, string> Queues, int DefaultCapacity, int IdleMinutes, IReadOnlyList<AgentState> Agents);

internal sealed record AgentReportView(DateTimeOffset From, DateTimeOffset To, string? Channel, string Segment, IReadOnlyList<AgentReportRow> Agents);
