namespace SupportBot.Touchpoints;

/// The kinds of exchange the touchpoint log records; stored as these strings.
internal static class TouchpointKind
{
    public const string CustomerMessage = "customer_message";
    public const string BotAnswer = "bot_answer";
    public const string SmallTalk = "small_talk";
    public const string Escalation = "escalation";
    public const string AgentReply = "agent_reply";
    /// An agent's private note for colleagues: never sent to the customer on any channel, never part of what a
    /// model or summary reads. Reason is "private"; AgentId is who wrote it.
    public const string AgentNote = "agent_note";
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
    /// An agent answered a left message (a ticket); Reason is how it went: channel, email or call_back.
    public const string TicketAnswered = "ticket_answered";
    public const string TicketSolved = "ticket_solved";
    /// A ticket open again: Reason "customer" (they wrote again) or an agent reopened it (AgentId).
    public const string TicketReopened = "ticket_reopened";
    /// A handoff missed an SLA target; Reason is first_response or resolution, AgentId who held it.
    public const string SlaBreach = "sla_breach";
    /// The customer's satisfaction survey: Confidence holds the rating (1-5), Text the comment.
    public const string Survey = "survey";
    /// The bot was taken out of the conversation; Reason is "uninstalled" or "removed". Nothing more is sent there.
    public const string BotRemoved = "bot_removed";
    /// The customer signed in (Teams single sign-on); Text is who they proved to be, "Name <email>".
    public const string SignIn = "sign_in";
    /// The customer signed out.
    public const string SignOut = "sign_out";
    /// Members other than the bot left the conversation (a team or group chat).
    public const string MembersRemoved = "members_removed";

    // Touchpoints other systems post (POST /api/touchpoints, import-touchpoints): source names the system.
    public const string Purchase = "purchase";
    public const string Order = "order";
    public const string Refund = "refund";
    public const string Subscription = "subscription";
    public const string Email = "email";
    public const string Call = "call";
    public const string Sms = "sms";
    public const string PageVisit = "page_visit";
    public const string StoreVisit = "store_visit";
    public const string Review = "review";

    /// The kinds other systems may post; `ticket` is a ticket in their help desk.
    public static readonly IReadOnlySet<string> External = new HashSet<string>(StringComparer.Ordinal)
    {
        Purchase, Order, Refund, Subscription, Email, Call, Sms, PageVisit, StoreVisit, Review, Ticket,
    };

    /// The external kinds that carry an amount of money.
    public static readonly IReadOnlySet<string> WithAmount = new HashSet<string>(StringComparer.Ordinal) { Purchase, Order, Refund, Subscription };
}
