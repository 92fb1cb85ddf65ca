-- Batches with callbacks (docs/WORKFLOWS.md, "Batches with callbacks"): a group of jobs, and callback jobs enqueued when
-- they have all completed (on_success), all ended (on_finish), or when the first of them fails or dies (on_dead).
--
-- The tally counts the ends of the batch's jobs as they happen (failed counts failed and dead), in the transaction
-- that ends each job, under this row's lock; an operator's retry of an ended job takes its end back out. Counted, not
-- read from the jobs, so that retention purging finished jobs cannot change what the batch has seen.
CREATE TABLE batches (
    id         uuid        PRIMARY KEY,
    name       text,
    created_at timestamptz NOT NULL,
    created_by text,
    total      smallint    NOT NULL,
    completed  smallint    NOT NULL DEFAULT 0,
    failed     smallint    NOT NULL DEFAULT 0,
    cancelled  smallint    NOT NULL DEFAULT 0,
    CONSTRAINT batches_name_format
        CHECK (name IS NULL OR (char_length(name) BETWEEN 1 AND 200 AND name !~ '[\u0001-\u001f\u007f-\u009f]')),
    CONSTRAINT batches_created_by_format CHECK (created_by IS NULL OR created_by ~ '^[A-Za-z0-9._-]{1,64}$'),
    CONSTRAINT batches_tally_range
        CHECK (total BETWEEN 1 AND 1000 AND completed >= 0 AND failed >= 0 AND cancelled >= 0
            AND completed + failed + cancelled <= total)
);

-- A batch's callbacks: the job to enqueue, as the client sent it (validated then), and the job enqueued for it.
-- job_id is set once, in the transaction that enqueues the callback, under the batch row's lock: that is what makes
-- each callback fire exactly once.
CREATE TABLE batch_callbacks (
    batch_id        uuid     NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
    callback        text     NOT NULL,
    type            text     NOT NULL,
    queue           text     NOT NULL,
    payload         json     NOT NULL,
    priority        smallint NOT NULL,
    max_attempts    smallint NOT NULL,
    timeout_seconds integer  NOT NULL,
    concurrency_key text,
    job_id          uuid,
    PRIMARY KEY (batch_id, callback),
    CONSTRAINT batch_callbacks_callback_known CHECK (callback IN ('on_success', 'on_finish', 'on_dead'))
);

-- The batch a job belongs to, set at insert, never changed. Jobs of a batch are stored with has_dependents (the
-- batch's callbacks depend on them), so they end through the locking path, whose transaction moves the tally.
ALTER TABLE jobs ADD COLUMN batch_id uuid;

-- A batch's jobs by state, for its totals. Built plainly for the reason V14 gives.
CREATE INDEX jobs_by_batch ON jobs (batch_id, state) WHERE batch_id IS NOT NULL;

CREATE FUNCTION jobs_keep_batch() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'job %: batch_id is immutable', OLD.id
        USING ERRCODE = 'check_violation';
END;
$$;

CREATE TRIGGER jobs_keep_batch
    BEFORE UPDATE ON jobs
    FOR EACH ROW
    WHEN (NEW.batch_id IS DISTINCT FROM OLD.batch_id)
EXECUTE FUNCTION jobs_keep_batch();
