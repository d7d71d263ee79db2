namespace SupportBot.Replies;

/// The customer the replies sent from this flow of work are for: set by a turn once it knows its customer, and by an
/// agent's or the survey's message from the handoff. The outbox stores it with a reply that has to wait, so an erasure
/// removes the reply and the store refuses one queued after it. Ambient rather than a parameter because every sender
/// call (answers, handoff notices, streams) would otherwise carry it; being an AsyncLocal, it reverts when the method
/// that set it returns.
internal static class ReplyCustomer
{
    private static readonly AsyncLocal<string?> Customer = new();

    public static string? Current
    {
        get => Customer.Value;
        set => Customer.Value = value;
    }
}
