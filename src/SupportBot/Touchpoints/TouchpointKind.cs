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
    /// The conversation entered an agents' queue; Reason is the escalation reason, Text the summary.
    public const string Queued = "queued";
    /// An agent took the conversation; DurationMs is how long the customer waited.
    public const string Claimed = "claimed";
    /// The conversation moved to another agent or queue; Text names where.
    public const string Transfer = "transfer";
    /// The agent handed the conversation back to the bot; DurationMs is the handle time.
    public const string Resolution = "resolution";
    /// The customer left the queue and went back to the bot.
    public const string HandoffCancelled = "handoff_cancelled";
    /// A message left for the team when nobody could take the conversation; Reason holds the contact details.
    public const string Ticket = "ticket";
    /// The customer's satisfaction survey: Confidence holds the rating (1-5), Text the comment.
    public const string Survey = "survey";
    /// Something the customer bought, from outside the chat; Text summarises it.
    public const string Purchase = "purchase";
}
