namespace SupportBot.Answering;

/// What a language model read in a customer's message (the ClassifyMessage prompt); null parts were not given.
internal sealed record MessageClass(string? Intent, string? Sentiment)
{
    public bool AsksForHuman => Intent == "human_request";

    public bool WantsAccountAction => Intent == "account_action";

    /// "negative" alone is most support questions ("my hub is broken"); only anger hands over to a person.
    public bool IsAngry => Sentiment == "angry";
}
