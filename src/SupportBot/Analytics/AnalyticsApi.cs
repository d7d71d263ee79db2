using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SupportBot.Agents;
using SupportBot.Answering;
using SupportBot.Knowledge;
using SupportBot.Localization;
using SupportBot.Touchpoints;

namespace SupportBot.Analytics;

/// Supervisors' analytics over the touchpoint log: every endpoint takes the same filter (from, to, channel,
/// segment) and answers with the filter it applied beside its figures. The dashboard (/dashboard) shows exactly
/// these numbers.
internal static partial class AnalyticsApi
{
    private const int DefaultTop = 20;
    private const int MaxTop = 200;
    private const int MaxWaitMinutes = 24 * 60;
    private const int MaxCustomerId = 200;

    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/analytics").RequireAuthorization(AgentApi.SupervisorPolicy).WithTags("Analytics");
        api.MapGet("/filters", FiltersAsync).WithSummary("The segments and channels the other endpoints filter by.");
        api.MapGet("/overview", OverviewAsync)
            .WithSummary("Conversations, containment, escalations by reason, CSAT, response times, queue abandonment and answer feedback.");
        // Questions and kb-gaps read the questions counted by text in the rollup (RollupQuestionReader), not the log.
        api.MapGet("/questions", async (HttpRequest request, RollupQuestionReader reader, QuestionGroups groups, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
            => Top(request, loggers, out var top) is { } refused ? refused : await RunAsync(request, time, loggers,
                async filter => groups.Group(await reader.AskedAsync(filter, cancellationToken)).Take(top).ToList()))
            .WithSummary("What customers ask the bot most, grouped by similar wording.");
        api.MapGet("/kb-gaps", async (HttpRequest request, RollupQuestionReader reader, QuestionGroups groups, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
            => Top(request, loggers, out var top) is { } refused ? refused : await RunAsync(request, time, loggers,
                async filter => KnowledgeGaps.Find(await reader.UnansweredAsync(filter, cancellationToken), groups, top)))
            .WithSummary("Questions the bot could not answer (unsure, out of scope, asked again, disliked), grouped by similar wording.");
        api.MapGet("/drivers", DriversAsync).WithSummary("Journey features and their association with satisfaction ratings: raw and adjusted effects, q-values, readings.");
        api.MapGet("/compare", CompareAsync)
            .WithSummary("Why two customers differ: two customers (customer, other), or one against similar customers, side by side with their differences ranked by adjusted effect.");
        api.MapGet("/outcomes", OutcomesAsync)
            .WithSummary("Re-contact within recontactDays (default 7) on the same topic, verified resolution, first-contact resolution, CSAT of bot-only and person-handled conversations, and the topics customers came back about.");
        api.MapGet("/export.csv", Export)
            .Produces<string>(StatusCodes.Status200OK, TouchpointExport.ContentType)
            .WithSummary("The touchpoint log of the range (from, to) and channel as CSV, streamed in time order; segments do not apply.");
        api.MapGet("/export.parquet", ExportParquet)
            .Produces<byte[]>(StatusCodes.Status200OK, TouchpointParquet.ContentType)
            .WithSummary("The touchpoint log of the range (from, to) and channel as Apache Parquet (the CSV's columns, typed), streamed in row groups of 10,000 in time order; segments do not apply.");
        return app;
    }

    // Re-contacts are looked for after the range too (up to recontactDays past its end), in every channel and segment.
    private static async Task<Results<Ok<AnalyticsResult<OutcomeReport>>, ProblemHttpResult>> OutcomesAsync(
        HttpRequest request, AnalyticsReader reader, KnowledgeIndex index, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var days = OutcomeReport.DefaultRecontactDays;
        if (request.Query["recontactDays"].ToString() is { Length: > 0 } text && (!int.TryParse(text, out days) || days is < 1 or > OutcomeReport.MaxRecontactDays))
        {
            return BadFilter(loggers, $"'recontactDays' is a whole number of days from 1 to {OutcomeReport.MaxRecontactDays}, not '{text}'.");
        }
        if (!AnalyticsFilter.TryParse(request.Query, time.GetUtcNow(), out var filter, out var problem))
        {
            return BadFilter(loggers, problem);
        }
        // One read serves both: the filter's conversations are those of the longer range that start within it, on
        // its channel, in its segment.
        var later = await reader.LoadAsync(filter with { To = filter.To.AddDays(days), Channel = null, Segment = Segments.All }, cancellationToken);
        var conversations = later
            .Where(c => c.StartedAt < filter.To && (filter.Channel is null || c.Channel == filter.Channel) && filter.Segment.Includes(c))
            .ToList();
        var report = OutcomeReport.From(conversations, later, days, QuestionTerms(index));
        return TypedResults.Ok(new AnalyticsResult<OutcomeReport>(FilterView.Of(filter), report));
    }

    private static Results<PushStreamHttpResult, ProblemHttpResult> Export(HttpRequest request, TouchpointStore touchpoints, TimeProvider time, ILoggerFactory loggers)
        => ExportAs(request, touchpoints, time, loggers, TouchpointExport.WriteAsync, TouchpointExport.ContentType, "csv");

    private static Results<PushStreamHttpResult, ProblemHttpResult> ExportParquet(HttpRequest request, TouchpointStore touchpoints, TimeProvider time, ILoggerFactory loggers)
        => ExportAs(request, touchpoints, time, loggers, (log, body, token) => TouchpointParquet.WriteAsync(log, body, token), TouchpointParquet.ContentType, "parquet");

    // Segments are read from whole conversations; an export is the raw log, so it takes the range and channel only.
    private static Results<PushStreamHttpResult, ProblemHttpResult> ExportAs(
        HttpRequest request, TouchpointStore touchpoints, TimeProvider time, ILoggerFactory loggers,
        Func<IAsyncEnumerable<Touchpoint>, Stream, CancellationToken, Task> write, string contentType, string extension)
    {
        if (!AnalyticsFilter.TryParse(request.Query, time.GetUtcNow(), out var filter, out var problem))
        {
            return BadFilter(loggers, problem);
        }
        var aborted = request.HttpContext.RequestAborted;
        return TypedResults.Stream(
            body => write(touchpoints.StreamAsync(filter.From, filter.To, filter.Channel, aborted), body, aborted),
            contentType,
            $"touchpoints-{filter.From:yyyyMMdd}-{filter.To:yyyyMMdd}.{extension}");
    }

    private static async Task<Ok<FiltersView>> FiltersAsync(AnalyticsReader reader, CancellationToken cancellationToken)
        => TypedResults.Ok(new FiltersView(
            [.. Segments.List.Select(s => new SegmentView(s.Id, s.Label, s.Description))],
            await reader.ChannelsAsync(cancellationToken),
            AnalyticsFilter.DefaultDays));

    // The overview and the drivers read the rollup (RollupReader), not every touchpoint of the range.
    private static async Task<Results<Ok<AnalyticsResult<OverviewReport>>, ProblemHttpResult>> OverviewAsync(
        HttpRequest request, RollupReader rollup, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!AnalyticsFilter.TryParse(request.Query, time.GetUtcNow(), out var filter, out var problem))
        {
            return BadFilter(loggers, problem);
        }
        return TypedResults.Ok(new AnalyticsResult<OverviewReport>(FilterView.Of(filter), await rollup.OverviewAsync(filter, cancellationToken)));
    }

    private static async Task<Results<Ok<AnalyticsResult<DriverReport>>, ProblemHttpResult>> DriversAsync(
        HttpRequest request, RollupReader rollup, KnowledgeIndex index, IOptions<AnsweringOptions> answering, TimeProvider time, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (Features(request, index, answering, loggers, out var features) is { } refused)
        {
            return refused;
        }
        if (!AnalyticsFilter.TryParse(request.Query, time.GetUtcNow(), out var filter, out var problem))
        {
            return BadFilter(loggers, problem);
        }
        var groups = await rollup.RatedGroupsAsync(filter, features.WaitMinutes, cancellationToken);
        return TypedResults.Ok(new AnalyticsResult<DriverReport>(FilterView.Of(filter), SatisfactionDrivers.Rank(groups, features)));
    }

    private static async Task<Results<Ok<AnalyticsResult<ComparisonReport?>>, ProblemHttpResult>> CompareAsync(
        HttpRequest request, RollupReader rollup, KnowledgeIndex index, IOptions<AnsweringOptions> answering, TimeProvider time, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (Features(request, index, answering, loggers, out var features) is { } refused)
        {
            return refused;
        }
        if (!AnalyticsFilter.TryParse(request.Query, time.GetUtcNow(), out var filter, out var problem))
        {
            return BadFilter(loggers, problem);
        }
        var customer = request.Query["customer"].ToString() is { Length: > 0 } c ? c : null;
        var other = request.Query["other"].ToString() is { Length: > 0 } o ? o : null;
        if (customer is { Length: > MaxCustomerId } || other is { Length: > MaxCustomerId } || (customer is null && other is not null))
        {
            return BadFilter(loggers, $"'customer' (and 'other', which needs 'customer') are customer ids of at most {MaxCustomerId} characters.");
        }
        var conversations = await rollup.RatedAsync(filter, cancellationToken);
        if (customer is null)
        {
            // No customers chosen: open on the pair with the same service and the furthest apart ratings.
            if (CustomerComparison.SuggestPair(conversations) is not { } pair)
            {
                return TypedResults.Ok(new AnalyticsResult<ComparisonReport?>(FilterView.Of(filter), null));
            }
            (customer, other) = pair;
        }
        return CustomerComparison.Compare(conversations, features, customer, other) is { } report
            ? TypedResults.Ok(new AnalyticsResult<ComparisonReport?>(FilterView.Of(filter), report))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Nothing to compare",
                detail: other is null
                    ? $"Customer '{customer}' has no rated conversation in this filter, or no similar customer has."
                    : $"Customer '{customer}' or '{other}' has no rated conversation in this filter.");
    }

    /// The driver features for the request's waitMinutes; a refusal when it is out of range.
    private static ProblemHttpResult? Features(
        HttpRequest request, KnowledgeIndex index, IOptions<AnsweringOptions> answering, ILoggerFactory loggers, out DriverFeatures features)
    {
        var waitMinutes = DriverFeatures.DefaultWaitMinutes;
        features = null!;
        if (request.Query["waitMinutes"].ToString() is { Length: > 0 } text && (!int.TryParse(text, out waitMinutes) || waitMinutes is < 1 or > MaxWaitMinutes))
        {
            return BadFilter(loggers, $"'waitMinutes' is a whole number of minutes from 1 to {MaxWaitMinutes}, not '{text}'.");
        }
        features = new DriverFeatures(waitMinutes, answering.Value.RepeatSimilarity, QuestionTerms(index));
        return null;
    }

    // A customer's question as the index's terms, in the language it is written in: how repeats and same-topic
    // questions are told apart.
    internal static Func<string, IReadOnlySet<string>> QuestionTerms(KnowledgeIndex index)
        => question => index.Analyze(question, Languages.Detect(question)).ToHashSet(StringComparer.Ordinal);

    private static async Task<Results<Ok<AnalyticsResult<T>>, ProblemHttpResult>> RunAsync<T>(
        HttpRequest request, TimeProvider time, ILoggerFactory loggers, Func<AnalyticsFilter, Task<T>> compute)
    {
        if (!AnalyticsFilter.TryParse(request.Query, time.GetUtcNow(), out var filter, out var problem))
        {
            return BadFilter(loggers, problem);
        }
        return TypedResults.Ok(new AnalyticsResult<T>(FilterView.Of(filter), await compute(filter)));
    }

    private static ProblemHttpResult? Top(HttpRequest request, ILoggerFactory loggers, out int top)
    {
        top = DefaultTop;
        if (request.Query["top"].ToString() is { Length: > 0 } text && (!int.TryParse(text, out top) || top is < 1 or > MaxTop))
        {
            return BadFilter(loggers, $"'top' is a whole number from 1 to {MaxTop}, not '{text}'.");
        }
        return null;
    }

    private static ProblemHttpResult BadFilter(ILoggerFactory loggers, string problem)
    {
        var logger = loggers.CreateLogger(typeof(AnalyticsApi));
        LogBadFilter(logger, problem);
        return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad analytics filter", detail: problem);
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
