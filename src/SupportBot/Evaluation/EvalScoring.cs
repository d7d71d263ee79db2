namespace SupportBot.Evaluation;

/// The dataset's scoring rules: an answer is right when its first citation is a gold article; an escalation is
/// right when the question expected one.
internal static class EvalScoring
{
    public static EvalSummary Summarise(IReadOnlyList<(EvalQuestion Question, EvalResult Result)> pairs, string mode, double seconds)
    {
        var answerable = pairs.Where(p => !p.Question.ExpectsEscalation).ToList();
        var expectedEscalations = pairs.Count - answerable.Count;
        var correctAnswers = answerable.Count(p => IsCorrectAnswer(p.Question, p.Result));
        var recalled = answerable.Count(p => p.Result.RetrievedArticleIds.Take(5).Any(id => Gold(p.Question).Contains(id)));
        var escalated = pairs.Where(p => p.Result.Decision == "escalate").ToList();
        var truePositives = escalated.Count(p => p.Question.ExpectsEscalation);
        var precision = Ratio(truePositives, escalated.Count);
        var recall = Ratio(truePositives, expectedEscalations);
        var decisions = pairs.Count(p => (p.Result.Decision == "escalate") == p.Question.ExpectsEscalation);
        return new EvalSummary(
            pairs.Count,
            answerable.Count,
            expectedEscalations,
            Round(Ratio(correctAnswers, answerable.Count)),
            Round(Ratio(recalled, answerable.Count)),
            Round(precision),
            Round(recall),
            Round(precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)),
            Round(Ratio(decisions, pairs.Count)),
            Round(Ratio(correctAnswers + truePositives, pairs.Count)),
            mode,
            Math.Round(seconds, 1));
    }

    /// What the run would have scored with another confidence threshold: an answer below it becomes a
    /// low-confidence escalation, and a low-confidence escalation at or above it becomes the answer it set aside
    /// (its closest article). Other escalations (asked for a person, account actions) do not depend on it.
    public static IReadOnlyList<ThresholdPoint> Sweep(IReadOnlyList<(EvalQuestion Question, EvalResult Result)> pairs, IEnumerable<double> thresholds)
        => [.. thresholds.Select(threshold =>
        {
            var decided = pairs.Select(p => (p.Question, Result: AtThreshold(p.Result, threshold))).ToList();
            var summary = Summarise(decided, string.Empty, 0);
            return new ThresholdPoint(Math.Round(threshold, 3), summary.AnswerAccuracy, summary.EscalationPrecision, summary.EscalationRecall, summary.EscalationF1, summary.EndToEndAccuracy);
        })];

    private static EvalResult AtThreshold(EvalResult result, double threshold)
    {
        if (result.Decision == "answer" && result.Reason is null && result.CitedArticleIds.Count > 0 && result.Confidence < threshold)
        {
            return result with { Decision = "escalate", Reason = "low_confidence", CitedArticleIds = [] };
        }
        if (result is { Decision: "escalate", Reason: "low_confidence", ClosestArticleId: { } closest } && result.Confidence >= threshold)
        {
            return result with { Decision = "answer", Reason = null, CitedArticleIds = [closest] };
        }
        return result;
    }

    private static bool IsCorrectAnswer(EvalQuestion question, EvalResult result)
        => result.Decision == "answer" && result.CitedArticleIds.Count > 0 && Gold(question).Contains(result.CitedArticleIds[0]);

    private static HashSet<string> Gold(EvalQuestion question) => new(question.GoldArticleIds ?? [], StringComparer.Ordinal);

    private static double Ratio(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    private static double Round(double value) => Math.Round(value, 4);
}
