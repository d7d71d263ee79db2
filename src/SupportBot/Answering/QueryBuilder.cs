using Microsoft.Extensions.Options;
using SupportBot.Knowledge;
using SupportBot.Localization;

namespace SupportBot.Answering;

/// Turns the question and the conversation so far into weighted search terms. Without an LLM to rewrite a
/// follow-up ("do they deliver?"), the earlier turns carry the topic and the names the customer meant; they
/// count less than the question itself, and less the older they are. An Indonesian question also searches in
/// English, through the glossary, for articles written in English only.
internal sealed class QueryBuilder(KnowledgeIndex index, IOptions<AnsweringOptions> options, Glossary? glossary = null)
{
    private readonly Glossary _glossary = glossary ?? Glossary.None;

    public WeightedQuery Build(string question, IReadOnlyList<ConversationTurn> history, string? language = null)
    {
        var questionTerms = index.Analyze(question, language).Distinct(StringComparer.Ordinal).ToList();
        var weights = questionTerms.ToDictionary(t => t, _ => 1.0, StringComparer.Ordinal);
        var settings = options.Value;
        var age = 0;
        for (var i = history.Count - 1; i >= 0; i--)
        {
            var turn = history[i];
            var weight = (turn.Speaker == Speaker.Customer ? settings.CustomerTurnWeight : settings.SupportTurnWeight) * Math.Pow(settings.TurnDecay, age);
            if (turn.Speaker == Speaker.Customer)
            {
                age++;
            }
            var turnTerms = index.Analyze(turn.Text, language).Distinct(StringComparer.Ordinal).ToList();
            foreach (var term in turnTerms.Concat(Translate(turnTerms, language).Values.SelectMany(t => t)))
            {
                weights[term] = Math.Max(weights.GetValueOrDefault(term), weight);
            }
        }
        return WithTranslations(new WeightedQuery(questionTerms, weights), language);
    }

    /// The question's terms for a search within known subjects: their names are left out, since every section
    /// searched is about them and the name would only favour the sections that repeat it.
    public WeightedQuery BuildAbout(string question, IReadOnlyList<string> subjects, string? language = null)
    {
        var nameTerms = subjects.SelectMany(s => index.Analyze(s, language)).ToHashSet(StringComparer.Ordinal);
        var questionTerms = index.Analyze(question, language).Where(t => !nameTerms.Contains(t)).Distinct(StringComparer.Ordinal).ToList();
        return WithTranslations(new WeightedQuery(questionTerms, questionTerms.ToDictionary(t => t, _ => 1.0, StringComparer.Ordinal)), language);
    }

    // The question's English equivalents weigh as much as its own words: an English article that says what it asks
    // must be able to outrank an Indonesian one that shares a word with it.
    // An Indonesian word the glossary does not know, and that only Indonesian articles hold, is weighed by its idf
    // among them (KnowledgeIndex.Idf): mostly words like "cara" (way, how), which would otherwise pull every question
    // to the few Indonesian articles. A word the glossary translates keeps its weight, as its English equivalents do,
    // so an article in the customer's language competes on equal terms with its English original.
    private WeightedQuery WithTranslations(WeightedQuery query, string? language)
    {
        if (language != Languages.Indonesian)
        {
            return query;
        }
        var translations = Translate(query.QuestionTerms, language);
        var weights = query.Weights.ToDictionary(
            pair => pair.Key,
            pair => translations.ContainsKey(pair.Key) ? pair.Value : pair.Value * index.Idf(pair.Key, language) / Math.Max(index.Idf(pair.Key), double.Epsilon),
            StringComparer.Ordinal);
        foreach (var term in translations.Values.SelectMany(t => t))
        {
            weights[term] = 1.0;
        }
        return query with { Weights = weights, Translations = translations, Language = language };
    }

    private IReadOnlyDictionary<string, IReadOnlyList<string>> Translate(IReadOnlyList<string> terms, string? language)
        => language == Languages.Indonesian ? _glossary.Translate(terms, index) : WeightedQuery.NoTranslations;
}

/// Translations: the English index terms of a question term (Indonesian questions, through the glossary), which count
/// as that term wherever the question's coverage is measured.
internal sealed record WeightedQuery(IReadOnlyList<string> QuestionTerms, IReadOnlyDictionary<string, double> Weights)
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoTranslations = new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Translations { get; init; } = NoTranslations;

    /// The question's language when its terms are weighed within it (Indonesian); null for the index's own weights.
    public string? Language { get; init; }
}
