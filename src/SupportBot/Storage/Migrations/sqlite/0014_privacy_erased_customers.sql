-- Customers erased lately. A turn that was already running when its customer was erased must not write them back:
-- their touchpoints are dropped and a handoff for them refused, in the statement that writes them (no extra round
-- trip on the turn's path). The erasure holds SQLite's write lock while it deletes and adds the customer here, so a
-- write is either before it (and deleted with the rest) or after it (and stopped here). Rows are pruned a day
-- after the erasure, when no turn of the customer can still be running (ErasedCustomers.KeptFor).
CREATE TABLE erased_customers (
    customer_id  TEXT PRIMARY KEY,
    erased_at    TEXT NOT NULL
);

CREATE TRIGGER touchpoints_of_erased_customers BEFORE INSERT ON touchpoints
WHEN EXISTS (SELECT 1 FROM erased_customers WHERE customer_id = NEW.customer_id)
BEGIN
    SELECT RAISE(IGNORE);
END;

CREATE TRIGGER handoffs_of_erased_customers BEFORE INSERT ON handoffs
WHEN EXISTS (SELECT 1 FROM erased_customers WHERE customer_id = NEW.customer_id)
BEGIN
    SELECT RAISE(ABORT, 'the customer has been erased');
END;

-- A conversation's transcript cannot outlive it (its foreign key); its uploads could, when a file arrived while the
-- conversation was erased or expired.
CREATE TRIGGER attachments_of_missing_conversations BEFORE INSERT ON directline_attachments
WHEN NOT EXISTS (SELECT 1 FROM directline_conversations WHERE id = NEW.conversation_id)
BEGIN
    SELECT RAISE(ABORT, 'the conversation does not exist (erased or expired)');
END;
