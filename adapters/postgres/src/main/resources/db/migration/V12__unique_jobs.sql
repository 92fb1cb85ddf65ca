-- Unique jobs (docs/UNIQUE_JOBS.md): a submit may say that no other job like it may be pending or running (or in the
-- states it names). The domain computes a key from the fields that make two jobs the same (and the period's bucket);
-- a job holds it while its state is one of its unique states and lets it go, for good, at its first move out of them.
-- The unique index is what enforces it: two concurrent submits of the same unique job cannot both insert, whatever
-- they read before (ON CONFLICT DO NOTHING then returns the existing job).
ALTER TABLE jobs
    ADD COLUMN unique_key    text COLLATE "C",
    -- The states the key is held in; kept after the key is let go, as the record of how the job was unique.
    ADD COLUMN unique_states text[],
    ADD CONSTRAINT jobs_unique_key_format CHECK (unique_key ~ '^u1:[0-9a-f]{64}$'),
    ADD CONSTRAINT jobs_unique_key_with_states CHECK (unique_key IS NULL OR unique_states IS NOT NULL),
    ADD CONSTRAINT jobs_unique_key_held_in_its_states CHECK (unique_key IS NULL OR state = ANY (unique_states)),
    ADD CONSTRAINT jobs_unique_states_known CHECK (
        unique_states IS NULL
        OR (unique_states <@ ARRAY['pending', 'running', 'completed', 'failed', 'dead', 'cancelled']
            AND 'pending' = ANY (unique_states)));

-- Only the keys held: a finished job that let its key go takes no entry. On an existing table this index is built by
-- one scan that finds no key, under a lock that blocks writes to jobs for its length; see docs/UNIQUE_JOBS.md.
CREATE UNIQUE INDEX jobs_unique_key ON jobs (unique_key) WHERE unique_key IS NOT NULL;

-- A schedule's job may be unique too: its template keeps how (the fields, the period, the states), NULL when not.
ALTER TABLE schedules
    ADD COLUMN job_unique_by             text[],
    ADD COLUMN job_unique_period_seconds integer,
    ADD COLUMN job_unique_states         text[],
    ADD CONSTRAINT schedules_job_unique_complete
        CHECK ((job_unique_by IS NULL) = (job_unique_states IS NULL)
            AND (job_unique_period_seconds IS NULL OR job_unique_by IS NOT NULL)),
    ADD CONSTRAINT schedules_job_unique_period_range
        CHECK (job_unique_period_seconds IS NULL OR job_unique_period_seconds BETWEEN 1 AND 31536000);
