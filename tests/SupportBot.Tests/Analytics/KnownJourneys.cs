namespace SupportBot.Tests.Analytics;

/// Ten conversations in March 2026 (and one in February, outside the range) whose figures are worked out by hand
/// in AnalyticsApiTests.
internal static class KnownJourneys
{
    public const string March = "from=2026-03-01&to=2026-03-31";
    private static readonly DateTimeOffset Day = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static Journey[] All() =>
    [
        // Before the range: makes bob a returning customer in March.
        new Journey("c0", "bob", new DateTimeOffset(2026, 2, 20, 9, 0, 0, TimeSpan.Zero)).Says("Where is my parcel?").Answered(500),
        new Journey("c1", "alice", Day).Says("How do I reset my password?").Answered(1000).Feedback("like"),
        new Journey("c2", "alice", Day.AddDays(1)).Says("When will I get my refund?").Answered(2000).Feedback("dislike"),
        new Journey("c3", "bob", Day.AddDays(2)).Says("Do you ship to Mars?").Escalated("low_confidence"),
        new Journey("c4", "carol", Day.AddDays(3)).Says("I want to talk to a person").Escalated("customer_asked").Queued()
            .Claimed(60_000).AgentReplied(30_000).AgentReplied(null).Resolved(600_000).Rated(5),
        new Journey("c5", "dan", Day.AddDays(4), "msteams").Says("Can I pay with bitcoin?").Escalated("out_of_scope").Queued("out_of_scope")
            .Claimed(120_000).AgentReplied(10_000).Resolved(300_000).Rated(2),
        new Journey("c6", "erin", Day.AddDays(5)).Says("password reset please").Answered(3000).Says("thanks").SmallTalk().Says("reset password")
            .Escalated("repeated_failure").Queued("repeated_failure").Cancelled(),
        new Journey("c7", "fay", Day.AddDays(6), "msteams").Says("I'm furious").Escalated("negative_sentiment").Queued("negative_sentiment"),
        new Journey("c8", "gus", Day.AddDays(7)).Says("Bagaimana cara saya menutup akun saya?").Escalated("account_action").Ticket(),
        new Journey("c9", "hana", Day.AddDays(8)).Says("Can someone call me back").Escalated("customer_asked").Queued()
            .Claimed(180_000).AgentReplied(20_000).Resolved(900_000).Rated(4),
        // Purchases are touchpoints of their own, not conversations.
        new Journey("order-1", "carol", Day.AddDays(-10)).Purchased("Lumora Hub"),
    ];
}
