using SupportBot.BotFramework.Schema;

namespace SupportBot.Handoff;

/// The states of a handoff. Open ones (queued, with an agent) keep the bot out of the conversation.
internal static class HandoffStates
{
    public const string Queued = "queued";
    public const string WithAgent = "with_agent";
    public const string Resolved = "resolved";
    public const string Cancelled = "cancelled";
    /// Nobody could take the conversation (outside business hours, no agent online): the customer's next message
    /// is kept for the team.
    public const string LeavingMessage = "leaving_message";
    public const string Ticket = "ticket";
}

/// How replies outside a turn reach the customer.
internal static class HandoffRoutes
{
    /// The host's own Direct Line (Web Chat on the company's site).
    public const string DirectLine = "directline";
    /// The Bot Framework connector: Teams and every Azure Bot Service channel.
    public const string Connector = "connector";
}

/// One conversation handed to people, from the escalation until it is handed back.
internal sealed record HandoffRecord
{
    public long Id { get; init; }
    public required string Channel { get; init; }
    public required string ConversationId { get; init; }
    public required string CustomerId { get; init; }
    public required string State { get; init; }
    public required string Reason { get; init; }
    public required string Summary { get; init; }
    public required string Queue { get; init; }
    public string? AgentId { get; init; }
    public required ConversationReference Reference { get; init; }
    public required string Route { get; init; }
    public string? Locale { get; init; }
    public required DateTimeOffset QueuedAt { get; init; }
    public DateTimeOffset? ClaimedAt { get; init; }
    public DateTimeOffset? FirstReplyAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }

    public bool IsOpen => State is HandoffStates.Queued or HandoffStates.WithAgent or HandoffStates.LeavingMessage;
}
