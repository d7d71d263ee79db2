using System.Text.Json.Serialization;

namespace SupportBot.Evaluation;

internal sealed record EvalQuestion(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("expected")] string Expected,
    [property: JsonPropertyName("gold_article_ids")] IReadOnlyList<string>? GoldArticleIds,
    [property: JsonPropertyName("escalation_reason")] string? EscalationReason,
    [property: JsonPropertyName("context")] IReadOnlyList<EvalTurn>? Context)
{
    public bool ExpectsEscalation => string.Equals(Expected, "escalate", StringComparison.OrdinalIgnoreCase);
}

internal sealed record EvalTurn(
    [property: JsonPropertyName("speaker")] string Speaker,
    [property: JsonPropertyName("text")] string Text);
