using SupportBot.Knowledge;

namespace SupportBot.Answering;

/// Which subjects a question is about. Customers name a hotel or a product once and then say "they" and "it", so
/// a question that names no subject is about the one the conversation named last. When the question names a
/// category ("is the hotel quiet?") the last subject of that category wins over a more recent one of another.
internal static class ConversationSubject
{
    public static IReadOnlyList<string> Resolve(string question, IReadOnlyList<ConversationTurn> history, SubjectCatalog catalog)
    {
        if (catalog.IsEmpty)
        {
            return [];
        }
        var named = catalog.Find(question);
        if (named.Count > 0)
        {
            return named;
        }
        var categories = catalog.CategoriesNamedIn(question);
        if (categories.Count > 0 && LastNamed(history, catalog, s => catalog.CategoryOf(s) is { } c && categories.Contains(c)) is { Count: > 0 } ofCategory)
        {
            return ofCategory;
        }
        return LastNamed(history, catalog, _ => true);
    }

    private static List<string> LastNamed(IReadOnlyList<ConversationTurn> history, SubjectCatalog catalog, Func<string, bool> accept)
    {
        for (var i = history.Count - 1; i >= 0; i--)
        {
            var subjects = catalog.Find(history[i].Text).Where(accept).ToList();
            if (subjects.Count > 0)
            {
                return subjects;
            }
        }
        return [];
    }
}
