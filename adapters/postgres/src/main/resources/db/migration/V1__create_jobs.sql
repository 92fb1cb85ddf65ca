-- The jobs table: one row per job, kept after it finishes (the rows are the job history and the idempotency record).
-- The constraints repeat the invariants of SPEC §3 that the domain's Job record enforces, so that no writer —
-- this service, a migration, or a person with psql — can store a job the domain could not hold.

CREATE TABLE jobs (
    id                      uuid        PRIMARY KEY,
    type                    text        NOT NULL,
    queue                   text        NOT NULL,
    -- json (not jsonb) keeps the client's text exactly, so a job reads back equal to the job written.
    payload                 json        NOT NULL,
    priority                smallint    NOT NULL,
    state                   text        NOT NULL,
    attempts                smallint    NOT NULL,
    max_attempts            smallint    NOT NULL,
    run_at                  timestamptz NOT NULL,
    timeout_seconds         integer     NOT NULL,
    idempotency_key         text,
    -- SHA-256 of the creating request; a repeated key is "the same request" exactly when this matches.
    idempotency_fingerprint text,
    result                  json,
    last_error              text,
    -- The failure history, oldest first: [{"attempt": n, "at": "…", "message": "…"}].
    errors                  jsonb       NOT NULL DEFAULT '[]',
    -- The token of the latest claim; it outlives the lease so a repeated completion can be recognised.
    lease_token             text,
    lease_owner             text,
    lease_expires_at        timestamptz,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    started_at              timestamptz,
    finished_at             timestamptz,

    CONSTRAINT jobs_type_format CHECK (type ~ '^[a-z][a-z0-9_.-]{0,99}$'),
    CONSTRAINT jobs_queue_format CHECK (queue ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
    CONSTRAINT jobs_state_known
        CHECK (state IN ('pending', 'running', 'completed', 'failed', 'dead', 'cancelled')),
    CONSTRAINT jobs_priority_range CHECK (priority BETWEEN 1 AND 10),
    CONSTRAINT jobs_max_attempts_range CHECK (max_attempts BETWEEN 1 AND 100),
    CONSTRAINT jobs_attempts_range CHECK (attempts BETWEEN 0 AND max_attempts),
    CONSTRAINT jobs_timeout_range CHECK (timeout_seconds BETWEEN 1 AND 86400),
    CONSTRAINT jobs_idempotency_key_format
        CHECK (idempotency_key IS NULL OR idempotency_key ~ '^[ -~]{1,255}$'),
    CONSTRAINT jobs_fingerprint_iff_key CHECK ((idempotency_key IS NULL) = (idempotency_fingerprint IS NULL)),
    CONSTRAINT jobs_result_iff_completed CHECK ((result IS NOT NULL) = (state = 'completed')),
    CONSTRAINT jobs_lease_iff_running CHECK (
        (lease_owner IS NOT NULL) = (state = 'running')
        AND (lease_expires_at IS NOT NULL) = (state = 'running')
        AND (state <> 'running' OR lease_token IS NOT NULL)),
    CONSTRAINT jobs_running_has_started
        CHECK (state <> 'running' OR (attempts >= 1 AND started_at IS NOT NULL)),
    CONSTRAINT jobs_pending_has_attempt_left CHECK (state <> 'pending' OR attempts < max_attempts),
    CONSTRAINT jobs_finished_iff_terminal
        CHECK ((finished_at IS NOT NULL) = (state IN ('completed', 'failed', 'dead', 'cancelled'))),
    CONSTRAINT jobs_errors_is_array CHECK (jsonb_typeof(errors) = 'array'),
    CONSTRAINT jobs_last_error_iff_errors CHECK ((last_error IS NULL) = (jsonb_array_length(errors) = 0))
);

-- Unique among all jobs; NULLs (no key) never collide. INSERT … ON CONFLICT relies on it.
CREATE UNIQUE INDEX jobs_idempotency_key ON jobs (idempotency_key);

-- The claim: pending jobs of a queue in claim order, so "ORDER BY priority, run_at, id LIMIT n" is an index scan.
CREATE INDEX jobs_claim_order ON jobs (queue, priority, run_at, id) WHERE state = 'pending';

-- The reaper: running jobs by lease expiry.
CREATE INDEX jobs_lease_expiry ON jobs (lease_expires_at) WHERE state = 'running';

-- Listing newest first (by id, which is time-ordered) filtered by state, queue or type.
CREATE INDEX jobs_list_by_state ON jobs (state, id);
CREATE INDEX jobs_list_by_queue ON jobs (queue, id);
CREATE INDEX jobs_list_by_type ON jobs (type, id);

-- The fields SPEC §3 calls immutable can never change once a job exists.
CREATE FUNCTION jobs_keep_immutable_fields() RETURNS trigger
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
        OR NEW.created_at <> OLD.created_at THEN
        RAISE EXCEPTION 'job %: id, type, queue, payload, priority, max_attempts, timeout_seconds, idempotency_key and created_at are immutable', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER jobs_immutable_fields
    BEFORE UPDATE ON jobs
    FOR EACH ROW
    EXECUTE FUNCTION jobs_keep_immutable_fields();
