-- Language-model tokens spent on a bot answer, beside its latency, for cost and speed analytics.
ALTER TABLE touchpoints ADD COLUMN prompt_tokens BIGINT;
ALTER TABLE touchpoints ADD COLUMN completion_tokens BIGINT;
