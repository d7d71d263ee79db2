using System.ComponentModel.DataAnnotations;

namespace SupportBot.Answering;

internal sealed class AnsweringOptions
{
    public const string Section = "Answering";

    /// The company the bot speaks for, as language-model prompts name it.
    [Required]
    public string CompanyName { get; set; } = "Lumora";

    /// How long the bot works on an answer before it shows the customer it is typing (a stream where the channel
    /// has one). Answers ready sooner go out alone, with nothing flashing before them; zero shows it at once.
    public TimeSpan TypingDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// How many of the best sections a language model may answer from.
    [Range(1, 10)]
    public int GroundingSections { get; set; } = 3;

    /// Below this confidence the bot says it is not sure and offers a person. Calibrated on the dev set.
    [Range(0.0, 1.0)]
    public double MinConfidence { get; set; } = 0.1;

    /// A message scoring this much on the frustration lexicon (strong signs 2, mild 1) goes to a person.
    [Range(1, 20)]
    public int UpsetThreshold { get; set; } = 2;

    /// A question sharing this share of its terms (Jaccard) with an earlier one of the customer's is asked again.
    [Range(0.1, 1.0)]
    public double RepeatSimilarity { get; set; } = 0.6;

    /// The operator's "always a person for these" topics: a JSON-lines file of {"topic", "reason", "examples"},
    /// resolved against the knowledge base's folder. No file, no topics.
    public string HandoffTopics { get; set; } = "handoff-topics.jsonl";

    /// Indonesian words and phrases with their English equivalents (tab-separated, English alternatives separated by
    /// commas), resolved against the knowledge base's folder, so Indonesian questions find articles written in English
    /// only. No file, no translations.
    public string Glossary { get; set; } = "glossary.tsv";

    /// A message this close (tf-idf cosine) to a handoff topic's example, and closer to it than to any sentence of
    /// the articles found for it, goes to a person. Tuned on two domains' dev sets with `eval --topics`.
    [Range(0.0, 1.0)]
    public double MinTopicSimilarity { get; set; } = 0.5;

    /// A generated answer whose words come less than this much from its sections, the question and the
    /// conversation has left the knowledge base's domain and is not sent.
    [Range(0.0, 1.0)]
    public double MinGroundedWords { get; set; } = 0.6;

    [Range(1, 10)]
    public int MaxSentences { get; set; } = 3;

    [Range(100, 4000)]
    public int MaxAnswerCharacters { get; set; } = 600;

    /// How many earlier turns are read with a follow-up question.
    [Range(0, 20)]
    public int HistoryTurns { get; set; } = 6;

    /// How many earlier turns are searched for the subject (a product, a place) the conversation is about.
    [Range(0, 100)]
    public int SubjectTurns { get; set; } = 20;

    /// Weight of the customer's earlier turns next to the question (1.0), before decay with age.
    [Range(0.0, 2.0)]
    public double CustomerTurnWeight { get; set; } = 0.5;

    /// Weight of support's earlier replies, which often name what the customer was talking about.
    [Range(0.0, 2.0)]
    public double SupportTurnWeight { get; set; } = 0.5;

    /// Each older customer turn counts this much less than the one after it.
    [Range(0.0, 1.0)]
    public double TurnDecay { get; set; } = 0.6;

    /// Hybrid retrieval (with Llm:EmbeddingModel): reciprocal rank fusion's k. The larger, the less the very top
    /// ranks of the keyword and vector searches outweigh the ranks below them; 60 is the value of the paper.
    [Range(1, 1000)]
    public int RankFusionK { get; set; } = 60;

    /// Hybrid retrieval: how many sections nearest the question in meaning are fused with the keyword hits.
    [Range(1, 200)]
    public int VectorCandidates { get; set; } = 20;

    /// Hybrid retrieval: how long embedding the question may take before the search goes on by keywords alone.
    [Range(0.1, 60.0)]
    public double QuestionEmbeddingTimeoutSeconds { get; set; } = 5;
}
