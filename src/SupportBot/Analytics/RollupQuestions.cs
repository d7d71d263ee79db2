namespace SupportBot.Analytics;

/// The questions of a rebuilt conversation, as rows of conversation_questions (one per question; RollupSql runs this
/// in each step): the questions put to the bot (reason '') as ConversationJourney.QuestionsToTheBot finds them, and
/// the questions it could not answer with why (an escalation's gap reason, or "disliked") as KnowledgeGaps.Unanswered
/// finds them. Questions and kb-gaps then count questions by their text in the store and group only the distinct
/// texts in C#. Each part is the window-function form of the C# walk (RollupQuestionsTests holds the two equal).
/// Kinds are tested as "kind || ''" so that SQLite reads the changed conversations' touchpoints by the conversation
/// index, not every touchpoint of the kind (RollupSql).
internal static class RollupQuestions
{
    // A question to the bot is the customer message just before an answer or escalation, among messages, answers,
    // escalations and small talk: anything else in between (small talk, another answer) means it was not the question.
    private const string Asked =
        """
        SELECT conversation_id, question_id, prev_text AS question, '' AS reason FROM (
            SELECT conversation_id, kind, text,
                   LAG(kind) OVER (PARTITION BY conversation_id ORDER BY id) AS prev_kind,
                   LAG(text) OVER (PARTITION BY conversation_id ORDER BY id) AS prev_text,
                   LAG(id) OVER (PARTITION BY conversation_id ORDER BY id) AS question_id
            FROM touchpoints
            WHERE conversation_id IN (SELECT conversation_id FROM analytics_changed_conversations)
              AND kind || '' IN ('customer_message', 'bot_answer', 'escalation', 'small_talk')) e
        WHERE kind IN ('bot_answer', 'escalation') AND prev_kind = 'customer_message' AND TRIM(prev_text) <> ''
        """;

    // The unanswered: an escalation for a gap reason with the latest non-blank customer message before it
    // (ConversationJourney.QuestionBefore), and a disliked answer with the question before the first answer of the
    // rated activity id. One window pass: question_id is the latest message so far; within an activity id, answers
    // sort first, so the first row's question is the first answer's.
    private const string Unanswered =
        """
        SELECT conversation_id, CASE WHEN kind = 'escalation' THEN question_id ELSE answer_question END AS question_id, reason FROM (
            SELECT conversation_id, kind, reason, question_id, activity_id,
                   FIRST_VALUE(kind) OVER (PARTITION BY conversation_id, activity_id ORDER BY CASE WHEN kind = 'bot_answer' THEN 0 ELSE 1 END, id) AS answer_kind,
                   FIRST_VALUE(question_id) OVER (PARTITION BY conversation_id, activity_id ORDER BY CASE WHEN kind = 'bot_answer' THEN 0 ELSE 1 END, id) AS answer_question
            FROM (SELECT conversation_id, id, kind, reason, activity_id,
                         MAX(CASE WHEN kind = 'customer_message' AND TRIM(text) <> '' THEN id END)
                             OVER (PARTITION BY conversation_id ORDER BY id ROWS UNBOUNDED PRECEDING) AS question_id
                  FROM touchpoints
                  WHERE conversation_id IN (SELECT conversation_id FROM analytics_changed_conversations)
                    AND kind || '' IN ('customer_message', 'bot_answer', 'escalation', 'feedback')) r) x
        WHERE (kind = 'escalation' AND reason IN ('low_confidence', 'out_of_scope', 'repeated_failure') AND question_id IS NOT NULL)
           OR (kind = 'feedback' AND reason = 'dislike' AND activity_id IS NOT NULL AND answer_kind = 'bot_answer' AND answer_question IS NOT NULL)
        """;

    public const string Rebuild =
        $"""
        DELETE FROM conversation_questions WHERE conversation_id IN (SELECT conversation_id FROM analytics_changed_conversations);
        INSERT INTO conversation_questions (conversation_id, question_id, question, reason, first_message_at, channel)
        SELECT a.conversation_id, a.question_id, a.question, a.reason, f.first_message_at, f.channel
        FROM (SELECT conversation_id, question_id, question, reason FROM ({Asked}) q
              UNION ALL
              SELECT u.conversation_id, u.question_id, m.text, CASE WHEN u.reason = 'dislike' THEN 'disliked' ELSE u.reason END
              FROM ({Unanswered}) u JOIN touchpoints m ON m.id = u.question_id) a
        JOIN conversation_facts f ON f.conversation_id = a.conversation_id;
        """;
}
