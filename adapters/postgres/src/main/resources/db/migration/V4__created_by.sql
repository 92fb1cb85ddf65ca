-- Who created a job: the name of the API token that submitted it (SPEC §11); NULL when authentication is off or the
-- job came through the library. Like the other identity fields it never changes.
ALTER TABLE jobs ADD COLUMN created_by text;

ALTER TABLE jobs ADD CONSTRAINT jobs_created_by_format CHECK (created_by IS NULL OR created_by ~ '^[A-Za-z0-9._-]{1,64}$');

CREATE OR REPLACE FUNCTION jobs_keep_immutable_fields() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.id <> OLD.id
        OR NEW.type <> OLD.type
        OR NEW.queue <> OLD.queue
        OR NEW.payload::text <> OLD.payload::text
        OR NEW.priority <> OLD.priority
        OR NEW.max_attempts <> OLD.max_attempts
        OR NEW.timeout_seconds <> OLD.timeout_seconds
        OR NEW.idempotency_key IS DISTINCT FROM OLD.idempotency_key
        OR NEW.idempotency_fingerprint IS DISTINCT FROM OLD.idempotency_fingerprint
        OR NEW.created_at <> OLD.created_at
        OR NEW.created_by IS DISTINCT FROM OLD.created_by THEN
        RAISE EXCEPTION 'job %: id, type, queue, payload, priority, max_attempts, timeout_seconds, idempotency_key, created_at and created_by are immutable', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
