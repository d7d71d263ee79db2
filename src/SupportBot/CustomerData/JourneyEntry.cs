using System.Text.Json;
using SupportBot.Customers;

namespace SupportBot.CustomerData;

/// One step of a customer's journey: a whole conversation (with how it ended) or a touchpoint from another system.
internal sealed record JourneyEntry
{
    public const string Conversation = "conversation";
    public const string External = "external";

    public required string Type { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string Channel { get; init; }

    // Conversations
    public string? ConversationId { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public int? Messages { get; init; }
    public string? FirstMessage { get; init; }

    /// How the conversation ended; one of JourneyOutcomes.
    public string? Outcome { get; init; }

    /// The escalation reason, when the bot handed over or offered a person.
    public string? Reason { get; init; }

    /// The agent who resolved (or holds) the conversation.
    public string? AgentId { get; init; }
    public double? Rating { get; init; }
    public string? Comment { get; init; }

    // Touchpoints from other systems
    public string? Kind { get; init; }
    public string? Source { get; init; }
    public string? Summary { get; init; }
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }
    public JsonElement? Attributes { get; init; }
}

/// How a conversation ended, as the journey shows it.
internal static class JourneyOutcomes
{
    /// The bot answered and nobody needed a person.
    public const string Answered = "answered";
    /// The bot could not answer (or offered a person) and the customer went no further.
    public const string Unanswered = "unanswered";
    /// Only greetings and small talk.
    public const string SmallTalk = "small_talk";
    /// Handed to people and resolved by an agent.
    public const string Resolved = "resolved";
    public const string WithAgent = "with_agent";
    public const string Waiting = "waiting";
    /// The customer left the queue before an agent came.
    public const string Abandoned = "abandoned";
    /// Nobody could take it; the customer left a message.
    public const string Ticket = "ticket";
}

/// Verified is who the customer proved to be by signing in (Teams single sign-on); null when they have not. Profile
/// is who their channel says they are (Teams' roster); null when it has not said.
internal sealed record CustomerJourney(string CustomerId, IReadOnlyList<CustomerIdentity> Identities, IReadOnlyList<JourneyEntry> Entries)
{
    public VerifiedIdentity? Verified { get; init; }

    public CustomerProfile? Profile { get; init; }
}
