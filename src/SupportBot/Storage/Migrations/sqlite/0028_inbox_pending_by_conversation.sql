-- Nothing on SQLite. PostgreSQL indexes a conversation's pending activities here, for instances that take turns in
-- a conversation (Redis); one SQLite instance keeps a conversation's order in process and never asks for them, so an
-- index would only cost each turn a write.
SELECT 1;
