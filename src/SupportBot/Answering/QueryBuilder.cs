using Microsoft.Extensions.Options;
using SupportBot.Knowledge;

namespace SupportBot.Answering;

/// Turns the question and the conversation so far into weighted search terms. Without an LLM to rewrite a
/// follow-up ("do they deliver?"), the earlier turns carry the topic and the names the customer meant; they
/// count less than the question itself, and less the older they are.
internal sealed class QueryBuilder(KnowledgeIndex index, IOptions<AnsweringOptions> options)
{
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
            foreach (var term in index.Analyze(turn.Text, language))
            {
                weights[term] = Math.Max(weights.GetValueOrDefault(term), weight);
            }
        }
        return new WeightedQuery(questionTerms, weights);
    }

    /// The question's terms for a search within known subjects: their names are left out, since every section
    /// searched is about them and the name would only favour the sections that repeat it.
    public WeightedQuery BuildAbout(string question, IReadOnlyList<string> subjects, string? language = null)
    {
        var nameTerms = subjects.SelectMany(s => index.Analyze(s, language)).ToHashSet(StringComparer.Ordinal);
        var questionTerms = index.Analyze(question, language).Where(t => !nameTerms.Contains(t)).Distinct(StringComparer.Ordinal).ToList();
        return new WeightedQuery(questionTerms, questionTerms.ToDictionary(t => t, _ => 1.0, StringComparer.Ordinal));
    }
}

internal sealed record WeightedQuery(IReadOnlyList<string> QuestionTerms, IReadOnlyDictionary<string, double> Weights);
