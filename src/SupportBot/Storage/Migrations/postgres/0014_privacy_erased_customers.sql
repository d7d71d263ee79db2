-- Customers erased lately. A turn that was already running when its customer was erased must not write them back:
-- their touchpoints are dropped and a handoff for them refused, in the statement that writes them (no extra round
-- trip on the turn's path). The erasure holds an exclusive advisory lock per customer until it commits; each write
-- takes the shared one first, so it either commits before the erasure deletes (and is deleted with the rest) or
-- waits for it and then sees the customer here (a function's queries each see what has committed by then). Rows
-- are pruned a day after the erasure, when no turn of the customer can still be running
-- (ErasedCustomers.KeptFor).
CREATE TABLE erased_customers (
    customer_id  TEXT PRIMARY KEY,
    erased_at    TEXT NOT NULL
);

-- The lock key is the erasure's ('supportbot-erasure:' and the customer id: ErasedCustomers.AddAsync).
CREATE FUNCTION skip_erased_customer_touchpoints() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('supportbot-erasure:' || NEW.customer_id, 0));
    IF EXISTS (SELECT 1 FROM erased_customers WHERE customer_id = NEW.customer_id) THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER touchpoints_of_erased_customers BEFORE INSERT ON touchpoints
FOR EACH ROW EXECUTE FUNCTION skip_erased_customer_touchpoints();

CREATE FUNCTION refuse_erased_customer_handoffs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('supportbot-erasure:' || NEW.customer_id, 0));
    IF EXISTS (SELECT 1 FROM erased_customers WHERE customer_id = NEW.customer_id) THEN
        RAISE EXCEPTION 'the customer has been erased';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER handoffs_of_erased_customers BEFORE INSERT ON handoffs
FOR EACH ROW EXECUTE FUNCTION refuse_erased_customer_handoffs();

-- A conversation's transcript cannot outlive it (its foreign key); its uploads could, when a file arrived while the
-- conversation was erased or expired. The row lock waits for a deletion under way, as a foreign key's check does.
CREATE FUNCTION refuse_attachments_of_missing_conversations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM directline_conversations WHERE id = NEW.conversation_id FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the conversation does not exist (erased or expired)';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER attachments_of_missing_conversations BEFORE INSERT ON directline_attachments
FOR EACH ROW EXECUTE FUNCTION refuse_attachments_of_missing_conversations();
