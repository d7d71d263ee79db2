using System.Text.Json.Serialization;

namespace SupportBot.Evaluation;

internal sealed record EvalReport(
    [property: JsonPropertyName("summary")] EvalSummary Summary,
    [property: JsonPropertyName("results")] IReadOnlyList<EvalResult> Results)
{
    /// With --sweep: the figures at each confidence threshold, for choosing Answering:MinConfidence.
    [JsonPropertyName("curve")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ThresholdPoint>? Curve { get; init; }

    /// Recall by expected escalation reason and the confusion table.
    [JsonPropertyName("breakdown")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EvalBreakdown? Breakdown { get; init; }
}

internal sealed record ThresholdPoint(
    [property: JsonPropertyName("min_confidence")] double MinConfidence,
    [property: JsonPropertyName("answer_accuracy")] double AnswerAccuracy,
    [property: JsonPropertyName("escalation_precision")] double EscalationPrecision,
    [property: JsonPropertyName("escalation_recall")] double EscalationRecall,
    [property: JsonPropertyName("escalation_f1")] double EscalationF1,
    [property: JsonPropertyName("end_to_end_accuracy")] double EndToEndAccuracy);

internal sealed record EvalSummary(
    [property: JsonPropertyName("questions")] int Questions,
    [property: JsonPropertyName("answerable")] int Answerable,
    [property: JsonPropertyName("escalations")] int Escalations,
    [property: JsonPropertyName("answer_accuracy")] double AnswerAccuracy,
    [property: JsonPropertyName("recall_at_5")] double RecallAt5,
    [property: JsonPropertyName("escalation_precision")] double EscalationPrecision,
    [property: JsonPropertyName("escalation_recall")] double EscalationRecall,
    [property: JsonPropertyName("escalation_f1")] double EscalationF1,
    [property: JsonPropertyName("decision_accuracy")] double DecisionAccuracy,
    [property: JsonPropertyName("end_to_end_accuracy")] double EndToEndAccuracy,
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("seconds")] double Seconds);

internal sealed record EvalResult(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("decision")] string Decision,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("cited_article_ids")] IReadOnlyList<string> CitedArticleIds,
    [property: JsonPropertyName("retrieved_article_ids")] IReadOnlyList<string> RetrievedArticleIds,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("answer")] string Answer,
    [property: JsonPropertyName("closest_article_id")] string? ClosestArticleId = null);
