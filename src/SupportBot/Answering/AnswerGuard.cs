using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SupportBot.Knowledge;
using SupportBot.Localization;

namespace SupportBot.Answering;

/// Checks on what a language model wrote, beyond its citations: it must not repeat its instructions (a run of
/// words from the prompt template that neither the sections nor the customer supplied), and it must stay in the
/// knowledge base's domain (most of its words come from the sections it was given, the question or the
/// conversation). A model talked into writing a poem, a competitor's pitch or its system prompt fails one of them.
internal sealed partial class AnswerGuard(KnowledgeIndex index, IOptions<AnsweringOptions> options)
{
    // Six words in a row from the instructions is a quotation, not a coincidence.
    private const int ShingleWords = 6;

    /// The checks for one answer: the prompt it was written from, the sections it was given, the text the
    /// customer supplied (question, conversation) and the language it was asked to answer in.
    public Check For(string promptTemplate, IReadOnlyList<KnowledgeSection> sections, string suppliedText, string answerLanguage)
    {
        var sources = string.Join("\n", sections.Select(s => $"{s.ArticleTitle}\n{s.Heading}\n{s.Text}")) + "\n" + suppliedText;
        var instructions = Shingles(Placeholder().Replace(promptTemplate, " "));
        instructions.ExceptWith(Shingles(sources));
        var language = sections.Count > 0 ? sections[0].Language ?? Languages.English : Languages.English;
        return new Check(index, options.Value.MinGroundedWords, instructions, sources, language, answerLanguage);
    }

    /// Why the answer must not be sent, or null when it may.
    public string? Problem(string answer, string promptTemplate, IReadOnlyList<KnowledgeSection> sections, string suppliedText, string answerLanguage)
        => For(promptTemplate, sections, suppliedText, answerLanguage).Problem(answer);

    internal sealed class Check(KnowledgeIndex index, double minGroundedWords, HashSet<string> instructions, string sources, string language, string answerLanguage)
    {
        private HashSet<string>? _known;

        /// Cheap enough to run on every streamed chunk: a reply starting to quote its prompt stops being shown.
        public bool RepeatsInstructions(string answer) => Shingles(answer).Overlaps(instructions);

        public string? Problem(string answer)
        {
            if (RepeatsInstructions(answer))
            {
                return "it repeats its instructions";
            }
            // An answer in another language than its sections (an Indonesian answer from English articles) shares
            // few stems with them by nature; the citation check still holds it to the sections.
            if ((Languages.Detect(answer) ?? answerLanguage) != language)
            {
                return null;
            }
            var words = index.Analyze(CitationMarker().Replace(answer, " "), language).Distinct(StringComparer.Ordinal).ToList();
            if (words.Count == 0)
            {
                return null;
            }
            _known ??= index.Analyze(sources, language).ToHashSet(StringComparer.Ordinal);
            var grounded = (double)words.Count(_known.Contains) / words.Count;
            return grounded < minGroundedWords
                ? $"only {grounded:P0} of its words come from the knowledge base or the conversation"
                : null;
        }
    }

    private static HashSet<string> Shingles(string text)
    {
        var words = Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();
        var shingles = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + ShingleWords <= words.Count; i++)
        {
            shingles.Add(string.Join(' ', words.Skip(i).Take(ShingleWords)));
        }
        return shingles;
    }

    [GeneratedRegex(@"\{\{[^}]*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"\[S?\d+\]")]
    private static partial Regex CitationMarker();
}
