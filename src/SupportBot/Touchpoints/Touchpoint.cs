namespace SupportBot.Touchpoints;

internal sealed record Touchpoint
{
    public long Id { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required string ConversationId { get; init; }
    public required string Channel { get; init; }
    public required string CustomerId { get; init; }
    public required string Kind { get; init; }
    public string? Text { get; init; }
    public IReadOnlyList<string> CitedArticleIds { get; init; } = [];
    public double? Confidence { get; init; }
    public double? LatencyMs { get; init; }
    public int? PromptTokens { get; init; }
    public int? CompletionTokens { get; init; }
    public string? Reason { get; init; }
    public string? ActivityId { get; init; }

    /// The agent who acted, on agent touchpoints (claim, reply, transfer, resolution).
    public string? AgentId { get; init; }

    /// How long the step took: the wait on a claim, the first response time on an agent's first reply, the
    /// handle time on a resolution.
    public double? DurationMs { get; init; }
}
