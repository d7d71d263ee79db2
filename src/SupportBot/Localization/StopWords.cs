using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace SupportBot.Localization;

/// Function words dropped before search. Lucene's English default keeps pronouns and question words, which are
/// rare in help articles (written to "you") but in nearly every question ("how do I ... my ..."), so their high
/// idf let an article titled "When will I get my refund?" outrank the password article for "How do I reset my
/// password?".
internal static class StopWords
{
    public static readonly string[] EnglishWords =
    [
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do", "does",
        "doing", "done", "during", "each", "either", "else", "ever", "for", "from", "further", "get", "gets", "got",
        "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "i'd", "i'm", "i've",
        "if", "in", "into", "is", "it", "it's", "its", "just", "know", "let", "like", "may", "me", "might", "more",
        "most", "much", "must", "my", "myself", "need", "no", "nor", "not", "now", "of", "off", "ok", "okay", "on",
        "once", "only", "or", "other", "our", "ours", "out", "over", "own", "please", "same", "shall", "she", "should",
        "so", "some", "such", "tell", "than", "thank", "thanks", "that", "the", "their", "them", "then", "there",
        "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "us", "very", "want", "was",
        "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
        "yes", "you", "your", "yours", "yourself",
    ];

    public static CharArraySet Create(LuceneVersion version) => new(version, EnglishWords, ignoreCase: true);
}
