-- One survey answer per handoff: the first submission marks the handoff surveyed, and later ones are not counted
-- (HandoffService.RecordSurveyAsync).
ALTER TABLE handoffs ADD COLUMN surveyed_at TEXT;

-- One rating per answer and customer: rating again replaces the earlier rating (TouchpointStore.RateAsync). Ratings
-- given more than once before keep their latest.
DELETE FROM touchpoints
WHERE kind = 'feedback' AND activity_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM touchpoints later
    WHERE later.kind = 'feedback' AND later.conversation_id = touchpoints.conversation_id
      AND later.activity_id = touchpoints.activity_id AND later.customer_id = touchpoints.customer_id AND later.id > touchpoints.id);
CREATE UNIQUE INDEX ux_touchpoints_rating ON touchpoints(conversation_id, activity_id, customer_id) WHERE kind = 'feedback' AND activity_id IS NOT NULL;
