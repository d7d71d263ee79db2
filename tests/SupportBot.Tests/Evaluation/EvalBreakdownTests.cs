using SupportBot.Evaluation;

namespace SupportBot.Tests.Evaluation;

/// Where an eval run's decisions went: recall for each expected escalation reason, and expected against done.
public sealed class EvalBreakdownTests
{
    [Fact]
    public void Recall_is_counted_per_expected_reason_and_every_decision_lands_in_one_cell()
    {
        (EvalQuestion, EvalResult)[] pairs =
        [
            (Question("1", "escalate", "account_action"), Result("1", "escalate", "account_action")),
            (Question("2", "escalate", "account_action"), Result("2", "answer", null)),
            (Question("3", "escalate", "out_of_scope"), Result("3", "escalate", "low_confidence")),
            (Question("4", "answer", null), Result("4", "answer", null)),
            (Question("5", "answer", null), Result("5", "escalate", "account_specific_issue")),
        ];

        var breakdown = EvalBreakdown.Of(pairs);

        Assert.Equal(
            [new ReasonRecall("account_action", 2, 1, 0.5), new ReasonRecall("out_of_scope", 1, 1, 1.0)],
            breakdown.RecallByReason);
        Assert.Equal(pairs.Length, breakdown.Confusion.Sum(c => c.Count));
        Assert.Contains(new ConfusionCell("escalate:account_action", EvalBreakdown.Answered, 1), breakdown.Confusion);
        Assert.Contains(new ConfusionCell("answer", "account_specific_issue", 1), breakdown.Confusion);
        Assert.Contains(new ConfusionCell("escalate:out_of_scope", "low_confidence", 1), breakdown.Confusion);
    }

    private static EvalQuestion Question(string id, string expected, string? reason) => new(id, "q", expected, [], reason, []);

    private static EvalResult Result(string id, string decision, string? reason) => new(id, decision, reason, [], [], 0, "a");
}
