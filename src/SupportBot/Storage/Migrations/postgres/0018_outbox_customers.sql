-- The customer each outbox entry is for, so that erasure removes their undelivered replies wherever they wait, and a
-- reply a turn still running tries to queue after its customer was erased is dropped here (the erased_customers
-- guard of 0014, with its advisory lock). Keyed by customer, not by conversation: a Teams conversation id is stable,
-- and a customer who comes back in it after the erasure is a new customer whose replies must still go out.
ALTER TABLE connector_outbox ADD COLUMN customer_id TEXT;
CREATE INDEX ix_connector_outbox_customer ON connector_outbox(customer_id) WHERE customer_id IS NOT NULL;

CREATE FUNCTION skip_erased_customer_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.customer_id IS NULL THEN
        RETURN NEW;
    END IF;
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('supportbot-erasure:' || NEW.customer_id, 0));
    IF EXISTS (SELECT 1 FROM erased_customers WHERE customer_id = NEW.customer_id) THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER outbox_of_erased_customers BEFORE INSERT ON connector_outbox
FOR EACH ROW EXECUTE FUNCTION skip_erased_customer_outbox();
