-- A conversation's pending activities, found without reading the rows of every turn it ever had: a turn's claim asks
-- whether others are pending (with several instances), and the instance running a conversation's turns in order
-- asks for the oldest. A row is indexed only while it is pending.
CREATE INDEX ix_inbound_activities_conversation_pending ON inbound_activities(channel_id, conversation_id, arrival) WHERE state = 'pending';
