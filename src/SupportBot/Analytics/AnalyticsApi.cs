using Microsoft.Extensions.Options;
using SupportBot.Agents;
using SupportBot.Answering;
using SupportBot.Knowledge;
using SupportBot.Localization;

namespace SupportBot.Analytics;

/// Supervisors' analytics over the touchpoint log: every endpoint takes the same filter (from, to, channel,
/// segment) and answers with the filter it applied beside its figures. The dashboard (/dashboard) shows exactly
/// these numbers.
internal static partial class AnalyticsApi
{
    private const int DefaultTop = 20;
    private const int MaxTop = 200;
    private const int MaxWaitMinutes = 24 * 60;

    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/analytics").RequireAuthorization(AgentApi.SupervisorPolicy).WithTags("Analytics");
        api.MapGet("/filters", FiltersAsync).WithSummary("The segments and channels the other endpoints filter by.");
        api.MapGet("/overview", (HttpRequest request, AnalyticsReader reader, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
            => RunAsync(request, reader, time, loggers, conversations => OverviewReport.From(conversations), cancellationToken))
            .WithSummary("Conversations, containment, escalations by reason, CSAT, response times, queue abandonment and answer feedback.");
        api.MapGet("/questions", (HttpRequest request, AnalyticsReader reader, QuestionGroups groups, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
            => Top(request, loggers, out var top) ?? RunAsync(request, reader, time, loggers,
                conversations => groups.Group(conversations.SelectMany(c => c.QuestionsToTheBot())).Take(top).ToList(), cancellationToken))
            .WithSummary("What customers ask the bot most, grouped by similar wording.");
        api.MapGet("/kb-gaps", (HttpRequest request, AnalyticsReader reader, QuestionGroups groups, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
            => Top(request, loggers, out var top) ?? RunAsync(request, reader, time, loggers,
                conversations => KnowledgeGaps.Find(conversations, groups, top), cancellationToken))
            .WithSummary("Questions the bot could not answer (unsure, out of scope, asked again, disliked), grouped by similar wording.");
        api.MapGet("/drivers", DriversAsync).WithSummary("Journey features and their association with satisfaction ratings: raw and adjusted effects, q-values, readings.");
        return app;
    }

    private static async Task<IResult> FiltersAsync(AnalyticsReader reader, CancellationToken cancellationToken)
        => Results.Ok(new FiltersView(
            [.. Segments.List.Select(s => new SegmentView(s.Id, s.Label, s.Description))],
            await reader.ChannelsAsync(cancellationToken),
            AnalyticsFilter.DefaultDays));

    private static Task<IResult> DriversAsync(
        HttpRequest request, AnalyticsReader reader, KnowledgeIndex index, IOptions<AnsweringOptions> answering, TimeProvider time, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var waitMinutes = DriverFeatures.DefaultWaitMinutes;
        if (request.Query["waitMinutes"].ToString() is { Length: > 0 } text && (!int.TryParse(text, out waitMinutes) || waitMinutes is < 1 or > MaxWaitMinutes))
        {
            return Task.FromResult(BadFilter(loggers, $"'waitMinutes' is a whole number of minutes from 1 to {MaxWaitMinutes}, not '{text}'."));
        }
        var features = new DriverFeatures(waitMinutes, answering.Value.RepeatSimilarity,
            question => index.Analyze(question, Languages.Detect(question)).ToHashSet(StringComparer.Ordinal));
        return RunAsync(request, reader, time, loggers, conversations => SatisfactionDrivers.Rank(conversations, features), cancellationToken);
    }

    private static async Task<IResult> RunAsync<T>(
        HttpRequest request, AnalyticsReader reader, TimeProvider time, ILoggerFactory loggers, Func<IReadOnlyList<ConversationJourney>, T> compute,
        CancellationToken cancellationToken)
    {
        if (!AnalyticsFilter.TryParse(request.Query, time.GetUtcNow(), out var filter, out var problem))
        {
            return BadFilter(loggers, problem);
        }
        var conversations = await reader.LoadAsync(filter, cancellationToken);
        return Results.Ok(new AnalyticsResult<T>(FilterView.Of(filter), compute(conversations)));
    }

    private static Task<IResult>? Top(HttpRequest request, ILoggerFactory loggers, out int top)
    {
        top = DefaultTop;
        if (request.Query["top"].ToString() is { Length: > 0 } text && (!int.TryParse(text, out top) || top is < 1 or > MaxTop))
        {
            return Task.FromResult(BadFilter(loggers, $"'top' is a whole number from 1 to {MaxTop}, not '{text}'."));
        }
        return null;
    }

    private static IResult BadFilter(ILoggerFactory loggers, string problem)
    {
        var logger = loggers.CreateLogger(typeof(AnalyticsApi));
        LogBadFilter(logger, problem);
        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad analytics filter", detail: problem);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused an analytics request: {Problem}")]
    private static partial void LogBadFilter(ILogger logger, string problem);
}

internal sealed record AnalyticsResult<T>(FilterView Filter, T Data);

internal sealed record FilterView(DateTimeOffset From, DateTimeOffset To, string? Channel, string Segment)
{
    public static FilterView Of(AnalyticsFilter filter) => new(filter.From, filter.To, filter.Channel, filter.Segment.Id);
}

internal sealed record FiltersView(IReadOnlyList<SegmentView> Segments, IReadOnlyList<string> Channels, int DefaultDays);

internal sealed record SegmentView(string Id, string Label, string Description);
