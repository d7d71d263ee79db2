using System.ComponentModel.DataAnnotations;

namespace SupportBot.Answering;

internal sealed class AnsweringOptions
{
    public const string Section = "Answering";

    /// The company the bot speaks for, as language-model prompts name it.
    [Required]
    public string CompanyName { get; set; } = "Lumora";

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
}
