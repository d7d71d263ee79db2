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
        var sectionText = string.Join("\n", sections.Select(s => s.Text)).ToLowerInvariant();
        return new Check(index, options.Value.MinGroundedWords, instructions, sources, language, answerLanguage, sectionText);
    }

    /// Why the answer must not be sent, or null when it may.
    public string? Problem(string answer, string promptTemplate, IReadOnlyList<KnowledgeSection> sections, string suppliedText, string answerLanguage)
        => For(promptTemplate, sections, suppliedText, answerLanguage).Problem(answer);

    internal sealed class Check(
        KnowledgeIndex index, double minGroundedWords, HashSet<string> instructions, string sources, string language, string answerLanguage, string sectionText)
    {
        private HashSet<string>? _known;
        private HashSet<string>? _linkedHosts;

        /// Cheap enough to run on every streamed chunk: a reply starting to quote its prompt stops being shown.
        public bool RepeatsInstructions(string answer) => Shingles(answer).Overlaps(instructions);

        /// What no chunk of a streamed reply may show either: its prompt, a link its sections do not give, or a
        /// claim that an account action was done.
        public bool MustNotShow(string answer) => RepeatsInstructions(answer) || LinksElsewhere(answer) is not null || ClaimsAction(answer) is not null;

        /// A host the answer links to that none of its sections links to. The customer's words do not count: a
        /// message (or an article) can ask the model to send people to a look-alike site.
        private string? LinksElsewhere(string answer)
        {
            _linkedHosts ??= [.. Link().Matches(sectionText).Select(m => m.Groups["host"].Value.ToLowerInvariant())];
            return Link().Matches(answer).Select(m => m.Groups["host"].Value.ToLowerInvariant()).FirstOrDefault(host => !_linkedHosts.Contains(host));
        }

        /// A claim that a refund, return or order was approved or done: the bot cannot act on accounts, so such a
        /// sentence is either a model talked into it or a promise nobody made. Allowed only as the sections word it.
        private string? ClaimsAction(string answer)
            => ActionClaim().Matches(answer).Select(m => m.Value.ToLowerInvariant()).FirstOrDefault(claim => !sectionText.Contains(claim, StringComparison.Ordinal));

        public string? Problem(string answer)
        {
            if (RepeatsInstructions(answer))
            {
                return "it repeats its instructions";
            }
            if (LinksElsewhere(answer) is { } host)
            {
                return $"it links to {host}, which its sections do not";
            }
            if (ClaimsAction(answer) is { } claim)
            {
                return $"it claims an account action was done (\"{claim}\")";
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

    // Absolute and protocol-relative links, and bare www. hosts.
    [GeneratedRegex(@"(?:\b[a-z][a-z0-9+.-]*:)?//(?<host>[^\s/?#:\])>""'\\]+)|\b(?<host>www\.[^\s/?#:\])>""'\\]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(
        @"\b(?:refund|return|replacement|cancellation|exchange|credit|compensation|order)s?\b[^.!?\n]{0,40}?\b(?:has|have|had)?\s*(?:been|was|were|is|are)\s+(?:approved|processed|issued|granted|confirmed)\b"
        + @"|\bI\s*(?:have|'ve|am|'m)?\s*(?:approved|issued|processed|refunded|granted|credited)\b"
        + @"|\b(?:approved|processed|issued|granted)\s+(?:your|the|a|an)\s+(?:full\s+)?(?:refund|return|replacement|credit|compensation)\b"
        + @"|\b(?:pengembalian dana|refund)\b[^.!?\n]{0,40}?\b(?:telah|sudah)\s+(?:disetujui|diproses)\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex ActionClaim();

    [GeneratedRegex(@"\{\{[^}]*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"\[S?\d+\]")]
    private static partial Regex CitationMarker();
}
