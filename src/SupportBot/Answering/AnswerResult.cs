using SupportBot.Knowledge;
using SupportBot.Llm;
using SupportBot.Localization;

namespace SupportBot.Answering;

internal enum AnswerDecision
{
    Answer,
    Escalate,
    SmallTalk,
}

internal sealed record Citation(string ArticleId, string Title, string Anchor, string Heading)
{
    /// The words of the section the answer relies on: what Teams shows as the citation's abstract.
    public string? Passage { get; init; }

    public string Url => $"/kb/{Uri.EscapeDataString(ArticleId).Replace("%2F", "/", StringComparison.Ordinal)}#{Anchor}";
}

internal sealed record AnswerResult(
    AnswerDecision Decision,
    string Text,
    IReadOnlyList<Citation> Citations,
    double Confidence,
    string? EscalationReason,
    IReadOnlyList<string> RetrievedArticleIds)
{
    /// When the bot is not sure: the closest article, offered beside the offer of a person.
    public Citation? ClosestArticle { get; init; }

    /// Written by a language model rather than quoted from the knowledge base (Teams labels it "AI generated").
    public bool IsGenerated { get; init; }

    /// The sections the answer was drawn from, best first: what a language model may ground its answer in.
    public IReadOnlyList<KnowledgeSection> Grounding { get; init; } = [];

    /// Tokens and time spent on language-model calls for this answer, when any were made.
    public LlmUsage? Usage { get; init; }

    /// The language the answer speaks, for the words around it (its source label, its buttons).
    public string Language { get; init; } = Languages.English;

    /// A declined request (off topic, an attempt to steer the bot) is not one a person should be offered for.
    public bool OffersHuman => Decision == AnswerDecision.Escalate && EscalationReason != EscalationReasons.OffTopic;
}

/// Named reasons, stored on escalation touchpoints and reported by analytics.
internal static class EscalationReasons
{
    public const string CustomerAsked = "customer_asked";
    public const string LowConfidence = "low_confidence";
    public const string OutOfScope = "out_of_scope";
    public const string AccountAction = "account_action";
    public const string NegativeSentiment = "negative_sentiment";
    public const string RepeatedFailure = "repeated_failure";
    public const string AccountSpecificIssue = "account_specific_issue";
    public const string OffTopic = "off_topic";
    public const string UnsupportedLanguage = "unsupported_language";
}
