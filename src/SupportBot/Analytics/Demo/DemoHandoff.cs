using SupportBot.Touchpoints;

namespace SupportBot.Analytics.Demo;

/// The people part of a demo journey: the queue (longer waits in the busy afternoon), the customer who gives up,
/// the agent's conversation and the survey, rated by the causes DemoEffects plants.
internal sealed class DemoHandoff(Random random, DemoConversation conversation, DemoOutcome outcome, string agent)
{
    private static readonly string[] AgentLines =
    [
        "Hi, I'm happy to help with that.", "Let me check that for you.", "Thanks for waiting, I can see your order now.",
        "I've sorted that out on our side.", "Is there anything else I can help with?",
    ];

    private static readonly string[] CustomerLines = ["ok thanks", "That's the one, yes", "It still doesn't work", "Great, that worked"];

    public void Run(string reason)
    {
        var c = conversation;
        // Nobody on duty: the customer leaves a message instead.
        if (random.NextDouble() < 0.07)
        {
            c.Add(TouchpointKind.CustomerMessage, "Please email me at customer@example.com", Seconds(20, 120));
            c.Add(TouchpointKind.Ticket, "Please email me at customer@example.com", 0.5, "customer@example.com");
            return;
        }
        c.Add(TouchpointKind.Queued, $"Customer needs help ({reason.Replace('_', ' ')}).", 0.5, reason);
        var hour = c.At.UtcDateTime.Hour;
        var busy = hour is >= 13 and <= 17 ? 2.2 : 1.0;
        var wait = 110 * busy * Math.Exp(0.9 * Normal());
        var giveUp = wait > 600 ? 0.4 : wait > 300 ? 0.15 : 0.03;
        if (random.NextDouble() < giveUp)
        {
            c.Add(TouchpointKind.HandoffCancelled, "cancel", Math.Min(wait, 900) * random.NextDouble());
            return;
        }
        var claimed = c.Add(TouchpointKind.Claimed, null, wait, with: t => t with { AgentId = agent, DurationMs = Math.Round(wait * 1000) });
        var first = 40 * Math.Exp(0.6 * Normal());
        c.Add(TouchpointKind.AgentReply, AgentLines[0], first, with: t => t with { AgentId = agent, DurationMs = Math.Round(first * 1000) });
        var transferred = random.NextDouble() < 0.06;
        for (var round = random.Next(1, 4); round > 0; round--)
        {
            c.Add(TouchpointKind.CustomerMessage, CustomerLines[random.Next(CustomerLines.Length)], Seconds(30, 150));
            c.Add(TouchpointKind.AgentReply, AgentLines[1 + random.Next(AgentLines.Length - 1)], Seconds(30, 180), with: t => t with { AgentId = agent });
        }
        if (transferred)
        {
            c.Add(TouchpointKind.Transfer, "queue billing", Seconds(30, 90), with: t => t with { AgentId = agent });
            c.Add(TouchpointKind.AgentReply, "Hi, billing team here, I can help with this.", Seconds(120, 600), with: t => t with { AgentId = "billing" });
        }
        var wrapUp = Seconds(20, 120);
        var handle = (c.At - claimed.OccurredAt).TotalSeconds + wrapUp;
        c.Add(TouchpointKind.Resolution, null, wrapUp, with: t => t with { AgentId = agent, DurationMs = Math.Round(handle * 1000) });
        if (random.NextDouble() < 0.6)
        {
            var rating = Rating(wait / 60, transferred);
            c.Add(TouchpointKind.Survey, Comment(rating, wait / 60), Seconds(10, 120), with: t => t with { Confidence = rating, AgentId = agent });
        }
    }

    private int Rating(double waitMinutes, bool transferred)
    {
        var score = DemoEffects.Base
            + (waitMinutes > DemoEffects.LongWaitMinutes ? DemoEffects.LongWait : 0)
            + (agent == DemoEffects.SlowAgent ? DemoEffects.SlowAgentEffect : 0)
            + (outcome.Repeated ? DemoEffects.RepeatedQuestion : 0)
            + (outcome.FailedAnswer ? DemoEffects.FailedAnswer : 0)
            + (outcome.Disliked ? DemoEffects.DislikedAnswer : 0)
            + (outcome.Upset ? DemoEffects.Upset : 0)
            + (transferred ? DemoEffects.Transferred : 0)
            + (conversation.Customer.Purchaser ? DemoEffects.Purchaser : 0)
            + (DemoEffects.Noise * Normal());
        return (int)Math.Clamp(Math.Round(score), 1, 5);
    }

    private string? Comment(int rating, double waitMinutes) => rating switch
    {
        <= 2 when waitMinutes > 8 => "Waited far too long for someone to answer.",
        <= 2 when outcome.Repeated => "Had to explain the same thing twice.",
        <= 2 => "Still not solved.",
        5 when random.NextDouble() < 0.4 => "Quick and friendly, thank you!",
        _ => null,
    };

    private double Seconds(double min, double max) => min + (random.NextDouble() * (max - min));

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
