-- Queues as records (docs/QUEUE_CONTROL.md): a queue's settings, which bind every claim.
--
-- A queue has a row from its first job on: a statement trigger adds the queues of each insert, so every queue an
-- operator sees in GET /queues is one that exists, and one created by an operator (PATCH) before its first job keeps
-- its settings when the job comes. The trigger writes only for a queue it has not seen: ON CONFLICT DO NOTHING looks
-- the name up and leaves an existing row alone, so a busy queue's row is never updated by its jobs (a row updated a
-- thousand times a second is what a held snapshot turns into a long version chain; docs/PERSISTENCE.md).
CREATE TABLE queues (
    name              text        PRIMARY KEY,
    paused_at         timestamptz,
    paused_by         text,
    concurrency_limit integer,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,

    CONSTRAINT queues_name_format CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
    CONSTRAINT queues_pause_complete CHECK ((paused_at IS NULL) = (paused_by IS NULL)),
    CONSTRAINT queues_paused_by_length CHECK (paused_by IS NULL OR length(paused_by) BETWEEN 1 AND 64),
    CONSTRAINT queues_concurrency_limit_range
        CHECK (concurrency_limit IS NULL OR concurrency_limit BETWEEN 1 AND 10000)
);

-- The queues of the jobs already stored, from the count tables (not a scan of every job).
INSERT INTO queues (name, created_at, updated_at)
SELECT DISTINCT queue, now(), now()
FROM (SELECT queue FROM job_counts UNION SELECT queue FROM job_count_changes) AS known;

CREATE FUNCTION jobs_record_queues() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    -- The jobs' own created_at: the application's clock, like every other time stored (TRADEOFFS.md (b)).
    INSERT INTO queues (name, created_at, updated_at)
    SELECT queue, min(created_at), min(created_at)
    FROM inserted_jobs
    GROUP BY queue
    ORDER BY queue
    ON CONFLICT (name) DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE TRIGGER jobs_record_queues
    AFTER INSERT ON jobs
    REFERENCING NEW TABLE AS inserted_jobs
    FOR EACH STATEMENT
    EXECUTE FUNCTION jobs_record_queues();

-- A concurrency limit counts the running jobs of one queue: with the queue first in the index of running jobs, that
-- count reads that queue's entries only. Listing running jobs of all queues (id order) now sorts them, a set no
-- larger than the fleet's concurrency.
DROP INDEX jobs_running;
CREATE INDEX jobs_running ON jobs (queue, id) WHERE state = 'running';
