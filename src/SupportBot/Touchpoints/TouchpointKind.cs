namespace SupportBot.Touchpoints;

/// The kinds of exchange the touchpoint log records; stored as these strings.
internal static class TouchpointKind
{
    public const string CustomerMessage = "customer_message";
    public const string BotAnswer = "bot_answer";
    public const string SmallTalk = "small_talk";
    public const string Escalation = "escalation";
    public const string AgentReply = "agent_reply";
    public const string Welcome = "welcome";
    /// A rating of a bot answer (Teams feedback loop or a reaction); Reason holds "like" or "dislike".
    public const string Feedback = "feedback";
}
