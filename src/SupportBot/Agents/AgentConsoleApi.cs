using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// The console's working views: the agent's preferences (notifications, language), unread @mentions, the open
/// conversations by tab and filter, search over every conversation and customer, and the agent's typing indicator.
internal static class AgentConsoleApi
{
    public static readonly IReadOnlyList<string> Views = ["mine", "unassigned", "all"];

    public static RouteGroupBuilder MapAgentConsoleApi(this RouteGroupBuilder api)
    {
        api.MapGet("/preferences", PreferencesAsync).WithSummary("The agent's console preferences: language (en, id or null for the browser's), sound, desktop notifications, tab title badge.");
        api.MapPut("/preferences", SavePreferencesAsync).WithSummary("Change the agent's console preferences; omitted fields keep their value.");
        api.MapGet("/mentions", MentionsAsync).WithSummary("The agent's unread @mentions (count, and the latest 50 oldest first), kept until read.");
        api.MapPost("/mentions/read", MentionsReadAsync).WithSummary("Mark the agent's mentions read: in one conversation ({\"conversationId\"}) or all ({}).");
        api.MapGet("/conversations", ConversationsAsync)
            .WithSummary("Open conversations by tab (view: mine, unassigned, all) and filters (queue, channel, language, reason, minWaitSeconds).");
        api.MapGet("/search", SearchAsync)
            .WithSummary("Full-text search over every conversation's text (closed ones too) and customers by id or identity; q (2-200 characters), page, pageSize (at most 50).");
        api.MapPost("/conversations/{id}/typing", TypingAsync)
            .WithSummary("Show the customer the agent is typing (Web Chat, Teams); sent at most every 3 seconds per conversation.");
        return api;
    }

    private static async Task<Ok<AgentPreferences>> PreferencesAsync(ClaimsPrincipal user, AgentPreferencesStore store, CancellationToken cancellationToken)
        => TypedResults.Ok(await store.GetAsync(AgentApi.Agent(user).Id, cancellationToken));

    private static async Task<Results<Ok<AgentPreferences>, ProblemHttpResult>> SavePreferencesAsync(AgentPreferencesRequest? request, ClaimsPrincipal user, AgentPreferencesStore store, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No preferences", detail: "Send {\"language\", \"sound\", \"desktop\", \"titleBadge\"}, any of them.");
        }
        var language = request.Language?.Trim().ToLowerInvariant();
        if (language is { Length: > 0 } && !AgentPreferences.Languages.Contains(language))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest, title: "Unknown language", detail: $"The console speaks {string.Join(", ", AgentPreferences.Languages)}; \"\" follows the browser.");
        }
        var agent = AgentApi.Agent(user);
        var current = await store.GetAsync(agent.Id, cancellationToken);
        var changed = new AgentPreferences(
            request.Language is null ? current.Language : language is { Length: > 0 } ? language : null,
            request.Sound ?? current.Sound,
            request.Desktop ?? current.Desktop,
            request.TitleBadge ?? current.TitleBadge);
        await store.SaveAsync(agent.Id, changed, cancellationToken);
        return TypedResults.Ok(changed);
    }

    private static async Task<Ok<UnreadMentions>> MentionsAsync(ClaimsPrincipal user, MentionInbox inbox, CancellationToken cancellationToken)
        => TypedResults.Ok(await inbox.UnreadAsync(AgentApi.Agent(user).Id, cancellationToken));

    private static async Task<Ok<MentionsRead>> MentionsReadAsync(MentionsReadRequest? request, ClaimsPrincipal user, MentionInbox inbox, CancellationToken cancellationToken)
    {
        var read = await inbox.MarkReadAsync(AgentApi.Agent(user).Id, string.IsNullOrWhiteSpace(request?.ConversationId) ? null : request.ConversationId, cancellationToken);
        return TypedResults.Ok(new MentionsRead(read));
    }

    private static async Task<Results<Ok<List<ListedConversation>>, ProblemHttpResult>> ConversationsAsync(
        [AsParameters] ConversationFilter filter, ClaimsPrincipal user, HandoffService handoffs, SlaClock sla, TimeProvider time, CancellationToken cancellationToken)
    {
        var view = filter.View?.Trim().ToLowerInvariant() ?? "all";
        if (!Views.Contains(view))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown view", detail: $"view is one of {string.Join(", ", Views)}.");
        }
        if (filter.MinWaitSeconds is < 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid wait", detail: "minWaitSeconds is 0 or more.");
        }
        var agent = AgentApi.Agent(user);
        var open = await handoffs.ListOpenAsync(cancellationToken);
        var now = time.GetUtcNow();
        var listed = open
            .Select(h => (Handoff: h, View: HandoffView.From(
                h, now, h.State == HandoffStates.Queued ? open.Where(q => q.State == HandoffStates.Queued && q.Queue == h.Queue).TakeWhile(q => q.Id != h.Id).Count() + 1 : null)
                with
            { Sla = sla.Of(h, now) }))
            .Where(h => view switch
            {
                "mine" => string.Equals(h.Handoff.AgentId, agent.Id, StringComparison.OrdinalIgnoreCase),
                "unassigned" => h.Handoff.AgentId is null,
                _ => true,
            })
            .Where(h => Matches(filter.Queue, h.Handoff.Queue) && Matches(filter.Channel, h.Handoff.Channel) && Matches(filter.Reason, h.Handoff.Reason)
                        && Matches(filter.Language, Language(h.Handoff.Locale)) && h.View.WaitSeconds >= (filter.MinWaitSeconds ?? 0))
            .Select(h => new ListedConversation(h.View, Language(h.Handoff.Locale)))
            .ToList();
        return TypedResults.Ok(listed);
    }

    private static async Task<Results<Ok<SearchResults>, ProblemHttpResult>> SearchAsync(string? q, int? page, int? pageSize, ConversationSearch search, CancellationToken cancellationToken)
    {
        var query = q?.Trim() ?? string.Empty;
        if (query.Length is < 2 or > ConversationSearch.MaxQueryLength)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid search", detail: $"q is 2 to {ConversationSearch.MaxQueryLength} characters.");
        }
        if (page is < 1 or > 1000 || pageSize is < 1 or > ConversationSearch.MaxPageSize)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest, title: "Invalid page", detail: $"page is 1 to 1000 and pageSize 1 to {ConversationSearch.MaxPageSize}.");
        }
        return TypedResults.Ok(await search.SearchAsync(query, page ?? 1, pageSize ?? 20, cancellationToken));
    }

    private static async Task<Results<Ok<TypingSent>, ProblemHttpResult>> TypingAsync(string id, ClaimsPrincipal user, HandoffService handoffs, CancellationToken cancellationToken)
    {
        var (result, sent) = await handoffs.SendTypingAsync(id, AgentApi.Agent(user), cancellationToken);
        return result.Status == HandoffStatus.Done ? TypedResults.Ok(new TypingSent(id, sent)) : AgentApi.Refused(result);
    }

    private static bool Matches(string? wanted, string? value) => string.IsNullOrWhiteSpace(wanted) || string.Equals(wanted.Trim(), value, StringComparison.OrdinalIgnoreCase);

    /// "id-ID" → "id": the language the bot spoke with the customer.
    private static string? Language(string? locale) => locale is { Length: >= 2 } ? locale[..2].ToLowerInvariant() : null;
}

internal sealed record ConversationFilter(string? View, string? Queue, string? Channel, string? Language, string? Reason, double? MinWaitSeconds);

internal sealed record ListedConversation(HandoffView Handoff, string? Language);

internal sealed record MentionsRead(int Read);

internal sealed record TypingSent(string ConversationId, bool Sent);
