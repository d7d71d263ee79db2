using SupportBot.Analytics;
using SupportBot.Knowledge;

namespace SupportBot.Tests.Analytics;

public sealed class QuestionGroupsTests
{
    private readonly QuestionGroups _groups = new(new KnowledgeIndex());

    [Fact]
    public void Questions_worded_differently_fall_into_the_groups_they_were_written_for()
    {
        string[] password = ["How do I reset my password?", "reset password", "I forgot my password and need to reset it", "Password reset", "how to reset the password"];
        string[] refund = ["When will I get my refund?", "Where is my refund", "refund status", "Refund still not here"];
        string[] mars = ["Do you ship to Mars?", "shipping to mars", "Can you ship my order to Mars"];

        var groups = _groups.Group([.. password, .. refund, .. mars, .. password[..2], "hi"]);

        Assert.Equal([7, 4, 3], groups.Take(3).Select(g => g.Count));
        Assert.Equal(password.Order(StringComparer.Ordinal), groups[0].Examples.Order(StringComparer.Ordinal));
        // The most asked wording names the group.
        Assert.Contains(groups[0].Label, password[..2]);
        Assert.Equal(refund.Order(StringComparer.Ordinal), groups[1].Examples.Order(StringComparer.Ordinal));
        Assert.Equal(mars.Order(StringComparer.Ordinal), groups[2].Examples.Order(StringComparer.Ordinal));
        Assert.Single(groups, g => g.Examples.SequenceEqual(["hi"]));
        Assert.Empty(_groups.Group(["the", "  "]));
    }

    [Fact]
    public void Grouping_is_deterministic()
    {
        string[] questions = ["reset password", "password reset link", "refund status", "status of my order", "order status", "refund"];
        Assert.Equal(_groups.Group(questions), _groups.Group([.. questions.Reverse()]), new GroupComparer());
    }

    private sealed class GroupComparer : IEqualityComparer<QuestionGroup>
    {
        public bool Equals(QuestionGroup? x, QuestionGroup? y) => x!.Count == y!.Count && x.Label == y.Label && x.Terms.SequenceEqual(y.Terms);

        public int GetHashCode(QuestionGroup obj) => obj.Count;
    }
}
