-- Language-model tokens spent on a bot answer, beside its latency, for cost and speed analytics.
ALTER TABLE touchpoints ADD COLUMN prompt_tokens INTEGER;
ALTER TABLE touchpoints ADD COLUMN completion_tokens INTEGER;
