-- Signed completion webhooks (docs/WEBHOOKS.md): a job may name a callback URL; when it ends, a delivery is recorded
-- in the transaction that ends it (an outbox), and a delivery worker sends it, retrying with back-off.

-- Where a job's end is delivered, set at submit and never changed. Adding a nullable column without a default does not
-- rewrite the table. The CHECK is NOT VALID: every row written from now on is checked, and the rows already stored
-- (all NULL here) are not scanned under the migration's lock.
ALTER TABLE jobs ADD COLUMN callback_url text;
ALTER TABLE jobs ADD CONSTRAINT jobs_callback_url_length
    CHECK (callback_url IS NULL OR char_length(callback_url) BETWEEN 1 AND 2048) NOT VALID;

-- As jobs_keep_workflow (V14): a trigger of its own, whose WHEN never calls the function for an update that leaves the
-- column alone.
CREATE FUNCTION jobs_keep_callback_url() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'job %: callback_url is immutable', OLD.id
        USING ERRCODE = 'check_violation';
END;
$$;

CREATE TRIGGER jobs_keep_callback_url
    BEFORE UPDATE ON jobs
    FOR EACH ROW
    WHEN (NEW.callback_url IS DISTINCT FROM OLD.callback_url)
EXECUTE FUNCTION jobs_keep_callback_url();

-- A queue's defaults (docs/WEBHOOKS.md, "Queue defaults"): the callback URL its jobs get when they name none, and
-- the secret that signs its jobs' deliveries instead of JOBS_WEBHOOK_SECRET. The secret is kept as written
-- (whsec_...) because signing needs it; the API never shows it, only whether it is set.
ALTER TABLE queues ADD COLUMN callback_url text;
ALTER TABLE queues ADD COLUMN webhook_secret text;
ALTER TABLE queues ADD CONSTRAINT queues_callback_url_length
    CHECK (callback_url IS NULL OR char_length(callback_url) BETWEEN 1 AND 2048);
ALTER TABLE queues ADD CONSTRAINT queues_webhook_secret_format
    CHECK (webhook_secret IS NULL OR webhook_secret ~ '^whsec_[A-Za-z0-9+/=]{32,88}$');

-- One event on its way to one URL. id is the webhook-id every attempt sends. The job_* columns are the job as it
-- ended, so the body every attempt signs is the same, and a delivery outlives its job (retention may purge the job
-- before the last attempt): no foreign key, which would also add a check to every delete of the purge.
-- next_attempt_at is when a pending delivery is next due; a claim moves it past the attempt's time-out.
CREATE TABLE webhook_deliveries (
    id               text        PRIMARY KEY,
    job_id           uuid        NOT NULL,
    event            text        NOT NULL,
    url              text        NOT NULL,
    state            text        NOT NULL,
    attempts         integer     NOT NULL,
    next_attempt_at  timestamptz,
    created_at       timestamptz NOT NULL,
    finished_at      timestamptz,
    last_error       text,
    job_type         text        NOT NULL,
    job_queue        text        NOT NULL,
    job_state        text        NOT NULL,
    job_attempts     integer     NOT NULL,
    job_max_attempts integer     NOT NULL,
    job_result       json,
    job_last_error   text,
    job_created_at   timestamptz NOT NULL,
    job_started_at   timestamptz,
    job_finished_at  timestamptz NOT NULL,

    CONSTRAINT webhook_deliveries_event_known
        CHECK (event IN ('job.completed', 'job.failed', 'job.dead', 'job.cancelled')),
    CONSTRAINT webhook_deliveries_event_matches_state CHECK (event = 'job.' || job_state),
    CONSTRAINT webhook_deliveries_state_known CHECK (state IN ('pending', 'delivered', 'dead')),
    CONSTRAINT webhook_deliveries_pending_is_due CHECK ((state = 'pending') = (next_attempt_at IS NOT NULL)),
    CONSTRAINT webhook_deliveries_finished_when_ended CHECK ((state = 'pending') = (finished_at IS NULL)),
    CONSTRAINT webhook_deliveries_attempts_range CHECK (attempts BETWEEN 0 AND 30)
);

-- The delivery worker's claim: due pending deliveries, oldest first. Partial, so delivered ones cost it nothing.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
-- The job view's history, and the retention of finished deliveries.
CREATE INDEX webhook_deliveries_by_job ON webhook_deliveries (job_id);
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (finished_at) WHERE state <> 'pending';

-- Each attempt of a delivery: what it found (an answer with its status and the start of its body, a time-out, a
-- connection failure, or a refusal to send) and how long it took.
CREATE TABLE webhook_attempts (
    delivery_id  text        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt      integer     NOT NULL,
    attempted_at timestamptz NOT NULL,
    outcome      text        NOT NULL,
    status       integer,
    detail       text,
    duration_ms  integer     NOT NULL,

    PRIMARY KEY (delivery_id, attempt),
    CONSTRAINT webhook_attempts_outcome_known
        CHECK (outcome IN ('answered', 'timed_out', 'connection_failed', 'refused')),
    CONSTRAINT webhook_attempts_status_when_answered CHECK ((outcome = 'answered') = (status IS NOT NULL)),
    CONSTRAINT webhook_attempts_detail_length CHECK (detail IS NULL OR char_length(detail) <= 1000)
);

-- The outbox: a delivery is recorded in the transaction that ends a job with a callback URL, whichever statement
-- ends it (a completion, a failure, the reaper, a cancel or its cascade, an end at insert). A trigger is the one
-- place every such statement passes through, so no path can forget it. The WHEN is evaluated in the executor: an
-- update of a job without a callback URL, nearly all of them, never calls the function. The times are the job's own
-- (the application's clock, docs/TRADEOFFS.md (b)).
CREATE FUNCTION jobs_record_webhook() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO webhook_deliveries (
        id, job_id, event, url, state, attempts, next_attempt_at, created_at,
        job_type, job_queue, job_state, job_attempts, job_max_attempts, job_result, job_last_error,
        job_created_at, job_started_at, job_finished_at)
    VALUES (
        'msg_' || replace(gen_random_uuid()::text, '-', ''), NEW.id, 'job.' || NEW.state, NEW.callback_url, 'pending',
        0, NEW.finished_at, NEW.finished_at,
        NEW.type, NEW.queue, NEW.state, NEW.attempts, NEW.max_attempts, NEW.result, NEW.last_error,
        NEW.created_at, NEW.started_at, NEW.finished_at);
    RETURN NULL;
END;
$$;

CREATE TRIGGER jobs_record_webhook_on_end
    AFTER UPDATE OF state ON jobs
    FOR EACH ROW
    WHEN (NEW.callback_url IS NOT NULL
        AND NEW.state IN ('completed', 'failed', 'dead', 'cancelled')
        AND OLD.state IS DISTINCT FROM NEW.state)
EXECUTE FUNCTION jobs_record_webhook();

CREATE TRIGGER jobs_record_webhook_on_insert
    AFTER INSERT ON jobs
    FOR EACH ROW
    WHEN (NEW.callback_url IS NOT NULL AND NEW.state IN ('completed', 'failed', 'dead', 'cancelled'))
EXECUTE FUNCTION jobs_record_webhook();
