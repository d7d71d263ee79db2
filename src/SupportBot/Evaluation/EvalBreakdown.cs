using System.Text.Json.Serialization;

namespace SupportBot.Evaluation;

/// Where the decisions went: for each expected escalation reason, how many of its questions the bot escalated
/// (recall by reason), and a confusion table of the expected outcome against what the bot did, with its reason.
internal sealed record EvalBreakdown(
    [property: JsonPropertyName("recall_by_reason")] IReadOnlyList<ReasonRecall> RecallByReason,
    [property: JsonPropertyName("confusion")] IReadOnlyList<ConfusionCell> Confusion)
{
    public const string Answered = "answered";

    public static EvalBreakdown Of(IReadOnlyList<(EvalQuestion Question, EvalResult Result)> pairs)
    {
        var recall = pairs.Where(p => p.Question.ExpectsEscalation)
            .GroupBy(p => p.Question.EscalationReason ?? "unlabelled", StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var escalated = g.Count(p => p.Result.Decision == "escalate");
                return new ReasonRecall(g.Key, g.Count(), escalated, Math.Round((double)escalated / g.Count(), 4));
            });
        var confusion = pairs
            .GroupBy(p => (Expected: Expected(p.Question), Got: p.Result.Decision == "escalate" ? p.Result.Reason ?? "unknown" : Answered))
            .OrderBy(g => g.Key.Expected, StringComparer.Ordinal).ThenByDescending(g => g.Count())
            .Select(g => new ConfusionCell(g.Key.Expected, g.Key.Got, g.Count()));
        return new EvalBreakdown([.. recall], [.. confusion]);
    }

    public void Print(TextWriter output)
    {
        output.WriteLine("expected reason            questions  escalated  recall");
        foreach (var row in RecallByReason)
        {
            output.WriteLine(FormattableString.Invariant($"{row.Reason,-26} {row.Questions,9}  {row.Escalated,9}  {row.Recall,6:0.000}"));
        }
        output.WriteLine("expected                   bot did                    count");
        foreach (var cell in Confusion)
        {
            output.WriteLine(FormattableString.Invariant($"{cell.Expected,-26} {cell.Decided,-26} {cell.Count,5}"));
        }
    }

    private static string Expected(EvalQuestion question)
        => question.ExpectsEscalation ? $"escalate:{question.EscalationReason ?? "unlabelled"}" : "answer";
}

internal sealed record ReasonRecall(
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("questions")] int Questions,
    [property: JsonPropertyName("escalated")] int Escalated,
    [property: JsonPropertyName("recall")] double Recall);

/// Expected is "answer" or "escalate:<reason>"; decided is "answered" or the bot's escalation reason.
internal sealed record ConfusionCell(
    [property: JsonPropertyName("expected")] string Expected,
    [property: JsonPropertyName("decided")] string Decided,
    [property: JsonPropertyName("count")] int Count);
