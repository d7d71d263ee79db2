-- Analytics at scale (docs/analytics-scale.md): what lets questions, kb-gaps, the overview and the drivers read
-- rows already summed rather than every conversation of the range. All derived, rebuilt by RollupSql's steps.

-- The questions of each conversation (Analytics/RollupQuestions.cs): one row per question put to the bot (reason
-- '') and per question it could not answer (the escalation's gap reason, or 'disliked'); question_id is the
-- customer message's touchpoint id; the conversation's first message and channel come along, so the
-- all-customers views count them by text from one index, without joining the facts.
CREATE TABLE conversation_questions (
    conversation_id  TEXT NOT NULL,
    question_id      INTEGER NOT NULL,
    question         TEXT NOT NULL,
    reason           TEXT NOT NULL,
    first_message_at TEXT NOT NULL,
    channel          TEXT NOT NULL
);
CREATE INDEX ix_conversation_questions_conversation ON conversation_questions(conversation_id);
CREATE INDEX ix_conversation_questions_text ON conversation_questions(reason, question, first_message_at, channel, conversation_id, question_id);

-- The overview of all customers by UTC day: the facts summed by the day of their first message (range_day, what a
-- range selects), the day they started (day, what the overview shows), channel and escalation reasons. A range
-- reads its whole days here and only its partial first and last day from conversation_facts.
CREATE TABLE analytics_days (
    range_day          TEXT NOT NULL,
    day                TEXT NOT NULL,
    channel            TEXT NOT NULL,
    escalation_reasons TEXT NOT NULL,
    conversations      INTEGER NOT NULL,
    contained          INTEGER NOT NULL,
    rating_1           INTEGER NOT NULL,
    rating_2           INTEGER NOT NULL,
    rating_3           INTEGER NOT NULL,
    rating_4           INTEGER NOT NULL,
    rating_5           INTEGER NOT NULL,
    likes              INTEGER NOT NULL,
    dislikes           INTEGER NOT NULL,
    queued             INTEGER NOT NULL,
    claimed            INTEGER NOT NULL,
    cancelled          INTEGER NOT NULL,
    never_claimed      INTEGER NOT NULL
);
CREATE INDEX ix_analytics_days_range ON analytics_days(range_day, channel);
CREATE TABLE analytics_changed_days (range_day TEXT PRIMARY KEY);

-- Each duration carries its conversation's first message and channel, so the all-customers overview counts
-- durations by value from this index alone, in its order, without joining the facts.
ALTER TABLE conversation_timings ADD COLUMN first_message_at TEXT;
ALTER TABLE conversation_timings ADD COLUMN channel TEXT;
CREATE INDEX ix_conversation_timings_values ON conversation_timings(metric, value_ms, first_message_at, channel);

-- The drivers count each rated conversation's customer's conversations in the range by this index.
CREATE INDEX ix_conversation_facts_customer_range ON conversation_facts(customer_id, first_message_at);
DROP INDEX ix_conversation_facts_customer;

-- Rebuild every conversation at the next catch-up, so the rows above are filled in for those already rolled up.
UPDATE analytics_rollup_state SET last_touchpoint_id = 0;
