using System.Text.Json;
using SupportBot.Touchpoints;

namespace SupportBot.CustomerData;

/// Turns a customer's touchpoints into their journey: each conversation collapsed into one entry with its outcome,
/// each touchpoint from another system an entry of its own, all in the order they began.
internal static class JourneyBuilder
{
    private const int FirstMessageLength = 200;

    private static readonly HashSet<string> HandoffSteps = new(StringComparer.Ordinal)
    {
        TouchpointKind.Queued, TouchpointKind.Claimed, TouchpointKind.Resolution, TouchpointKind.HandoffCancelled, TouchpointKind.Ticket,
    };

    public static IReadOnlyList<JourneyEntry> Build(IEnumerable<JourneyTouchpoint> touchpoints)
    {
        var entries = new List<JourneyEntry>();
        foreach (var group in touchpoints.GroupBy(t => t.Source is null && t.ConversationId.Length > 0 ? t.ConversationId : null))
        {
            if (group.Key is null)
            {
                entries.AddRange(group.Select(External));
            }
            else
            {
                entries.Add(Conversation([.. group]));
            }
        }
        return [.. entries.Select((e, i) => (e, i)).OrderBy(x => x.e.At).ThenBy(x => x.i).Select(x => x.e)];
    }

    private static JourneyEntry External(JourneyTouchpoint t) => new()
    {
        Type = JourneyEntry.External,
        At = t.OccurredAt,
        Channel = t.Channel,
        Kind = t.Kind,
        Source = t.Source,
        Summary = t.Text,
        Amount = t.Amount,
        Currency = t.Currency,
        Attributes = t.Attributes is null ? null : JsonDocument.Parse(t.Attributes).RootElement.Clone(),
    };

    private static JourneyEntry Conversation(IReadOnlyList<JourneyTouchpoint> steps)
    {
        var messages = steps.Where(t => t.Kind == TouchpointKind.CustomerMessage).ToList();
        var survey = steps.LastOrDefault(t => t.Kind == TouchpointKind.Survey);
        var (outcome, agent) = Outcome(steps);
        return new JourneyEntry
        {
            Type = JourneyEntry.Conversation,
            At = steps[0].OccurredAt,
            EndedAt = steps[^1].OccurredAt,
            Channel = steps[0].Channel,
            ConversationId = steps[0].ConversationId,
            Messages = messages.Count,
            FirstMessage = messages.FirstOrDefault(m => !string.IsNullOrWhiteSpace(m.Text))?.Text is { } first
                ? first.Length > FirstMessageLength ? first[..FirstMessageLength] + "…" : first
                : null,
            Outcome = outcome,
            AgentId = agent,
            Reason = steps.FirstOrDefault(t => t.Kind is TouchpointKind.Queued or TouchpointKind.Escalation && t.Reason is not null)?.Reason,
            Rating = survey?.Confidence,
            Comment = survey?.Text,
        };
    }

    // The last handoff step decides, when people were involved; otherwise what the bot last did.
    private static (string Outcome, string? Agent) Outcome(IReadOnlyList<JourneyTouchpoint> steps)
    {
        var agent = steps.LastOrDefault(t => t.Kind is TouchpointKind.Claimed or TouchpointKind.Resolution && t.AgentId is not null)?.AgentId;
        if (steps.LastOrDefault(t => HandoffSteps.Contains(t.Kind)) is { } step)
        {
            return step.Kind switch
            {
                TouchpointKind.Resolution => (JourneyOutcomes.Resolved, step.AgentId ?? agent),
                TouchpointKind.Ticket => (JourneyOutcomes.Ticket, null),
                TouchpointKind.HandoffCancelled => (JourneyOutcomes.Abandoned, null),
                TouchpointKind.Claimed => (JourneyOutcomes.WithAgent, agent),
                _ => (JourneyOutcomes.Waiting, null),
            };
        }
        return steps.LastOrDefault(t => t.Kind is TouchpointKind.BotAnswer or TouchpointKind.Escalation)?.Kind switch
        {
            TouchpointKind.BotAnswer => (JourneyOutcomes.Answered, null),
            TouchpointKind.Escalation => (JourneyOutcomes.Unanswered, null),
            _ => (JourneyOutcomes.SmallTalk, null),
        };
    }
}

/// The columns of a touchpoint a journey needs.
internal sealed record JourneyTouchpoint(
    DateTimeOffset OccurredAt, string ConversationId, string Channel, string Kind, string? Text, string? Reason, string? AgentId,
    double? Confidence, string? Source, decimal? Amount, string? Currency, string? Attributes);
