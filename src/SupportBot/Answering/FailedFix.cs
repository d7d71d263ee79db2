using System.Text.RegularExpressions;
using SupportBot.Knowledge;

namespace SupportBot.Answering;

/// "I did that and it still doesn't work": the customer followed the last answer and it did not help. Searching
/// that message would find whichever article shares its words ("work", "did"), which is the one thing it must not
/// answer from. What helps is the next step of the article the last answer came from, or a person.
internal static partial class FailedFix
{
    private const int QuotedOpening = 60;

    public static bool IsReported(string message) => DidNotHelp().IsMatch(message);

    /// The section after the one the last reply quoted, when that reply was an answer from the knowledge base and
    /// its article goes on; null when there is no further step to offer.
    public static KnowledgeSection? NextStep(IReadOnlyList<ConversationTurn> history, KnowledgeIndex index)
    {
        var lastReply = history.LastOrDefault(t => t.Speaker == Speaker.Support);
        if (lastReply is null)
        {
            return null;
        }
        var quoted = QuotedSection(lastReply.Text, index);
        if (quoted is null)
        {
            return null;
        }
        var next = index.NextInArticle(quoted);
        // A step the conversation was already shown is not a next step.
        while (next is not null && history.Any(t => t.Speaker == Speaker.Support && Shows(t.Text, next)))
        {
            next = index.NextInArticle(next);
        }
        return next;
    }

    // Extractive answers quote their section's sentences word for word, so the reply's first sentence finds it.
    private static KnowledgeSection? QuotedSection(string reply, KnowledgeIndex index)
    {
        var terms = index.Analyze(reply, Localization.Languages.Detect(reply));
        if (terms.Count == 0)
        {
            return null;
        }
        var weights = terms.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (double)g.Count(), StringComparer.Ordinal);
        var top = index.Search(weights, 1);
        return top.Count > 0 && Shows(reply, top[0].Section) ? top[0].Section : null;
    }

    // The opening words of a reply's first line are quoted from its section (sentences are kept whole).
    private static bool Shows(string reply, KnowledgeSection section)
    {
        var firstLine = reply.Trim().Split('\n')[0].Trim();
        var opening = firstLine[..Math.Min(QuotedOpening, firstLine.Length)];
        return opening.Length > 0 && section.Text.Contains(opening, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\b(still (doesn'?t|does not|don'?t|do not|isn'?t|is not|won'?t|will not|can'?t|cannot|not|no)|(didn'?t|did not|doesn'?t|does not|hasn'?t|has not) (help|work|fix|solve|change)|(that|this|it) (was no help|made no difference)|no (luck|change|difference)|(i|i'?ve) (already|just) (did|done|tried|followed|have done|have tried)|(already|just) (did|tried) (that|this|it|those|these)|same (problem|issue|error|thing) (again|still)|(masih|tetap) (tidak|belum|gak|nggak|ga|tak) (bisa|berhasil|jalan|berfungsi|nyala|muncul)|(tidak|gak|nggak|belum) (membantu|berhasil|ngefek)|sudah (saya |aku )?(coba|lakukan|ikuti)|(saya|aku) sudah (coba|mencoba|melakukan|mengikuti))\b", RegexOptions.IgnoreCase)]
    private static partial Regex DidNotHelp();
}
