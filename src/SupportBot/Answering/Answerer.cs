using Microsoft.Extensions.Options;
using SupportBot.Knowledge;
using SupportBot.Localization;

namespace SupportBot.Answering;

/// Answers from the knowledge base without an LLM: retrieve sections, quote the best one's most relevant
/// sentences with a citation, and escalate when the answer would be a guess or the request needs a person.
internal sealed class Answerer(
    KnowledgeIndex index, QueryBuilder queries, SectionSentences sentences, IOptions<AnsweringOptions> options, HandoffTopicMatcher? topics = null)
{
    private const int Candidates = 10;
    private const int ReportedArticles = 5;
    private const int CoverageCandidates = 5;
    // How much saying what the question says counts beside covering its information, and over how many of a
    // section's sentences (see SectionSentences.Closeness). Measured on two help desks of different shapes (one
    // question-and-answer per article; articles listing a topic's phrasings), both halves of each dev set gained.
    private const double ClosenessWeight = 0.7;
    private const int NearestSentences = 3;
    private const double HybridCoverageMargin = 0.2;
    private const double FreshQuestionCoverage = 0.5;
    private const double OwnLanguageMargin = 0.1;
    private const double GeneralQuestionTopicMargin = 0.3;

    // Each section's analysed terms for coverage, kept per index generation.
    private readonly SectionTerms _sectionTerms = new(index);

    /// Answers a message. A standalone rewrite of it (from a language model) is what gets searched when given;
    /// the message itself still decides greetings, requests for a person and account actions. The language is
    /// the one the bot replies in (see Languages.ForMessage); null reads it from the message. A language model's
    /// reading of the message, when there is one, adds requests and anger the patterns and lexicon miss. With the
    /// searched text's embedding vector, retrieval is hybrid (see Fuse).
    public AnswerResult Answer(
        string message, IReadOnlyList<ConversationTurn> history, string? standaloneQuestion = null, string? language = null,
        MessageClass? classified = null, float[]? questionVector = null)
    {
        var text = message.Trim();
        language ??= Languages.ForMessage(text, null);
        return Decide(text, history, standaloneQuestion, language, classified, questionVector) with { Language = language };
    }

    private AnswerResult Decide(
        string text, IReadOnlyList<ConversationTurn> history, string? standaloneQuestion, string language, MessageClass? classified, float[]? questionVector)
    {
        var settings = options.Value;
        var messages = BotMessages.For(language);
        if (text.Length == 0)
        {
            return Reply(messages.EmptyMessage);
        }
        if (SmallTalk.AsksForHuman(text) || classified?.AsksForHuman == true)
        {
            return Escalate(messages.HumanRequested, EscalationReasons.CustomerAsked, 1.0, [], []);
        }
        if (OtherLanguages.IsWritten(text))
        {
            return Escalate(BotMessages.English.UnsupportedLanguage, EscalationReasons.UnsupportedLanguage, 0, [], []);
        }
        if (Frustration.IsUpset(text, settings.UpsetThreshold) || classified?.IsAngry == true)
        {
            return Escalate(messages.Frustrated, EscalationReasons.NegativeSentiment, 0, [], []);
        }
        if (SmallTalk.Reply(text, messages) is { } smallTalk)
        {
            return Reply(smallTalk);
        }
        if (OffTopicRequest.IsRequested(text))
        {
            return Escalate(messages.OffTopic, EscalationReasons.OffTopic, 0, [], []);
        }
        // A fix that did not work: searching "it still doesn't work" finds whatever shares those words, so the
        // answer is the next step of the article already given, else a person.
        if (FailedFix.IsReported(text) && history.Count > 0)
        {
            return NextStepOrPerson(history, messages);
        }

        var searchText = string.IsNullOrWhiteSpace(standaloneQuestion) ? text : standaloneQuestion.Trim();
        var subjects = ConversationSubject.Resolve(searchText, history, index.Subjects);
        // A standalone rewrite already carries what the conversation was about.
        var carried = searchText == text ? history.TakeLast(settings.HistoryTurns).ToList() : [];
        // A rewrite or a question in the other language than the reply is searched in its own.
        var queryLanguage = Languages.Detect(searchText) ?? language;
        var (query, hits) = Retrieve(searchText, carried, subjects, queryLanguage, questionVector);
        // The earlier turns' words can fill every candidate with the last answer's article; a new question that none
        // of them covers at all ("how long does a refund take?" after a password reset) is searched on its own, and
        // answered from that search only when it covers the question clearly: one shared word ("what should I wear
        // for a hike?" against a warranty's "normal wear") is no answer.
        // The candidates' coverage is computed once, here, and is what Choose picks from.
        var candidates = Covering(query, hits);
        if (carried.Count > 0 && candidates.All(c => c.Coverage == 0))
        {
            var alone = Retrieve(searchText, [], subjects, queryLanguage, questionVector);
            var aloneCandidates = Covering(alone.Query, alone.Hits);
            if (aloneCandidates.Any(c => c.Coverage >= FreshQuestionCoverage))
            {
                (query, hits, candidates) = (alone.Query, alone.Hits, aloneCandidates);
            }
        }
        var retrieved = hits.Select(h => h.Section.ArticleId).Distinct(StringComparer.Ordinal).Take(ReportedArticles).ToList();

        if (AccountActions.IsRequested(text) || classified?.WantsAccountAction == true)
        {
            return Escalate(messages.AccountAction, EscalationReasons.AccountAction, 0, [], retrieved);
        }
        var topic = topics?.Nearest(text, queryLanguage, [.. hits.Take(CoverageCandidates).Select(h => h.Section)]);
        // A message that asks how something works, and tells of no case of the customer's own, matches a topic only
        // when it says what the topic says more closely: "how long does a transfer take?" is not "my transfer
        // hasn't arrived", though the two share their words.
        var topicThreshold = AccountActions.AsksHowOrWhat(text) && !CustomerCase.IsReported(text)
            ? settings.MinTopicSimilarity + GeneralQuestionTopicMargin
            : settings.MinTopicSimilarity;
        if (topic is { CloserThanArticles: true } && topic.Similarity >= topicThreshold)
        {
            var reason = topic.Topic.Reason is { Length: > 0 } named ? named : EscalationReasons.AccountSpecificIssue;
            return Escalate(messages.AccountIssue, reason, 0, [], retrieved);
        }
        // Where the operator wrote topics, a help article that says what the message says, more closely than any
        // topic, outweighs the built-in signal: "my payment was declined" is then what the article on declined
        // payments is for.
        var articleOutweighs = topic is { CloserThanArticles: false } && topic.ArticleSimilarity >= settings.MinTopicSimilarity;
        if (CustomerCase.NamesRecord(text) || (CustomerCase.IsReported(text) && !articleOutweighs))
        {
            return Escalate(messages.AccountIssue, EscalationReasons.AccountSpecificIssue, 0, [], retrieved);
        }
        // Asking again what was asked before says the first reply (an answer or a "not sure") did not help; the
        // same reply again would only make the customer ask a third time.
        if (RepeatedQuestion.Find(text, history.TakeLast(settings.SubjectTurns).ToList(), index, queryLanguage, settings.RepeatSimilarity) is not null)
        {
            return Escalate(messages.RepeatedFailure, EscalationReasons.RepeatedFailure, 0, [], retrieved);
        }
        if (hits.Count == 0)
        {
            return Escalate(messages.NotSure, EscalationReasons.OutOfScope, 0, [], retrieved);
        }

        var (best, confidence) = Choose(searchText, queryLanguage, candidates, hybrid: questionVector is not null);
        // An article in the customer's own language that covers the question as well is the better answer, even
        // ranked lower: its words weigh less than their English equivalents where the language has few articles.
        if (best.Language != queryLanguage
            && hits.Where(h => h.Section.Language == queryLanguage).Select(h => (h.Section, Coverage: Confidence.Coverage(query, _sectionTerms.Of(h.Section), index)))
                .FirstOrDefault(c => c.Coverage >= confidence - OwnLanguageMargin) is { Section: not null } own)
        {
            (best, confidence) = own;
        }
        var citation = new Citation(best.ArticleId, best.ArticleTitle, best.Anchor, best.Heading);
        if (best.Subject is not null && !subjects.Contains(best.Subject, StringComparer.Ordinal))
        {
            // An article about a hotel or product the customer never mentioned answers some other question: in a
            // knowledge base organised by subject, a request that names none ("find me a cheap hotel") is a search
            // the help center cannot run.
            return Escalate(messages.NotSure, EscalationReasons.OutOfScope, confidence, [], retrieved);
        }
        // A question after a phone number, an address or opening hours is not answered by a section that has none:
        // the customer is told so, with the closest article, and offered a person.
        if (confidence < settings.MinConfidence || !AnswerRelevance.Holds(text, best.Text))
        {
            var reason = confidence == 0 ? EscalationReasons.OutOfScope : EscalationReasons.LowConfidence;
            return Escalate(messages.NotSure, reason, confidence, [], retrieved) with { ClosestArticle = confidence > 0 ? citation : null };
        }

        var answer = ExtractiveAnswer.Compose(best, query.Weights, index, settings.MaxSentences, settings.MaxAnswerCharacters);
        // The quote stays first (a failed fix finds its section by the reply's opening words); the note after it says
        // why the customer reads another language.
        var reply = best.Language == Languages.English && language != Languages.English ? $"{answer}\n\n{messages.ArticleInEnglish}" : answer;
        var grounding = hits.Select(h => h.Section).Where(s => s.Id != best.Id).Prepend(best).Take(settings.GroundingSections).ToList();
        // The answer quotes the section's best sentences: they are the passage it cites.
        return new AnswerResult(AnswerDecision.Answer, reply, [citation with { Passage = answer }], confidence, null, retrieved) { Grounding = grounding };
    }

    // The conversation picks the candidates; the question itself decides among them, so a follow-up is not answered
    // from the section the previous answer came from when another candidate covers it better. Coverage alone ties
    // sections that hold the same words; how nearly a section's sentences say what the question says breaks the tie
    // ("why do I have to verify my identity?" against the articles on why and on how). Hybrid hits are already ranked
    // by meaning as well, which shared words would undo for a paraphrase: there the rank stands unless another
    // candidate clearly covers more.
    private (KnowledgeSection Section, double Coverage) Choose(
        string question, string language, IReadOnlyList<(KnowledgeSection Section, double Coverage)> candidates, bool hybrid)
    {
        if (hybrid)
        {
            return candidates.Aggregate((top, next) => next.Coverage > top.Coverage + HybridCoverageMargin ? next : top);
        }
        var vector = TermVectors.Of(question, language, index);
        return candidates.MaxBy(c => c.Coverage + (ClosenessWeight * sentences.Closeness(vector, c.Section, language, NearestSentences)));
    }

    // The top candidates with how much of the question each covers.
    private List<(KnowledgeSection Section, double Coverage)> Covering(WeightedQuery query, IReadOnlyList<SectionHit> hits)
        => [.. hits.Take(CoverageCandidates).Select(h => (h.Section, Coverage: Confidence.Coverage(query, _sectionTerms.Of(h.Section), index)))];

    // Within the subjects the conversation is about when it is about some, else across the knowledge base with
    // the earlier turns carrying the topic.
    private (WeightedQuery Query, IReadOnlyList<SectionHit> Hits) Retrieve(
        string text, IReadOnlyList<ConversationTurn> recent, IReadOnlyList<string> subjects, string language, float[]? vector)
    {
        if (subjects.Count > 0)
        {
            var about = queries.BuildAbout(text, subjects, language);
            var hits = index.Search(about.Weights, Candidates, subjects);
            if (hits.Count > 0)
            {
                return (about, Fuse(hits, vector, subjects));
            }
        }
        var query = queries.Build(text, recent, language);
        return (query, Fuse(index.Search(query.Weights, Candidates), vector, null));
    }

    // Hybrid retrieval: the keyword hits and the sections nearest the question in meaning (within the same subjects)
    // are fused by rank. Whether the keywords found anything still decides the fallback from subjects to the whole
    // knowledge base, since some section is always nearest. Confidence stays the question's term coverage, so a
    // section found by meaning alone is answered from only as far as the question's words support it.
    private IReadOnlyList<SectionHit> Fuse(IReadOnlyList<SectionHit> keywordHits, float[]? vector, IReadOnlyList<string>? subjects)
    {
        if (vector is null)
        {
            return keywordHits;
        }
        var settings = options.Value;
        var similar = index.SearchSimilar(vector, settings.VectorCandidates, subjects);
        return similar.Count == 0 ? keywordHits : RankFusion.Fuse(keywordHits, similar, settings.RankFusionK, Candidates);
    }

    private AnswerResult NextStepOrPerson(IReadOnlyList<ConversationTurn> history, BotMessages messages)
    {
        if (FailedFix.NextStep(history, index) is not { } next)
        {
            return Escalate(messages.RepeatedFailure, EscalationReasons.RepeatedFailure, 0, [], []);
        }
        var settings = options.Value;
        var steps = ExtractiveAnswer.Split(next.Text).Aggregate(string.Empty, (text, sentence) =>
            text.Length == 0 ? sentence : text.Length + sentence.Length > settings.MaxAnswerCharacters ? text : $"{text}\n{sentence}");
        var citation = new Citation(next.ArticleId, next.ArticleTitle, next.Anchor, next.Heading);
        return new AnswerResult(AnswerDecision.Answer, $"{messages.NextStep}\n\n{steps}", [citation], 1.0, null, [next.ArticleId]) { Grounding = [next] };
    }

    private static AnswerResult Reply(string text) => new(AnswerDecision.SmallTalk, text, [], 1.0, null, []);

    private static AnswerResult Escalate(string text, string reason, double confidence, IReadOnlyList<Citation> citations, IReadOnlyList<string> retrieved)
        => new(AnswerDecision.Escalate, text, citations, confidence, reason, retrieved);
}
