-- Exact counts per (queue, type, state) without scanning the jobs table, for /admin/stats and the jobs_pending /
-- jobs_running gauges. Counting a million rows on every request takes hundreds of milliseconds; these tables answer
-- in well under one.
--
-- Why two tables: a single counter row per (queue, type, state) would be updated by every claim and every completion
-- of that queue, so all workers would queue up behind its row lock until each other's commit. Instead, statement
-- triggers append one row per changed group to job_count_changes (appends never wait for each other), and
-- fold_job_count_changes() moves them into job_counts every second or so. A reader sums both tables in one statement,
-- so it sees an exact count as of its snapshot. See docs/OBSERVABILITY.md.

CREATE TABLE job_counts (
    queue    text   NOT NULL,
    type     text   NOT NULL,
    state    text   NOT NULL,
    jobs     bigint NOT NULL,
    -- The sum of the attempts of these jobs: the average attempts of failed and dead jobs without a scan.
    attempts bigint NOT NULL,
    PRIMARY KEY (queue, type, state)
);

CREATE TABLE job_count_changes (
    queue    text   NOT NULL,
    type     text   NOT NULL,
    state    text   NOT NULL,
    jobs     bigint NOT NULL,
    attempts bigint NOT NULL
);

INSERT INTO job_counts (queue, type, state, jobs, attempts)
SELECT queue, type, state, count(*), sum(attempts)
FROM jobs
GROUP BY queue, type, state;

CREATE FUNCTION jobs_count_inserted() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO job_count_changes (queue, type, state, jobs, attempts)
    SELECT queue, type, state, count(*), sum(attempts)
    FROM inserted_jobs
    GROUP BY queue, type, state;
    RETURN NULL;
END;
$$;

CREATE FUNCTION jobs_count_updated() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    -- A heartbeat changes neither state nor attempts: its +1 and -1 cancel out and nothing is appended.
    INSERT INTO job_count_changes (queue, type, state, jobs, attempts)
    SELECT queue, type, state, sum(jobs), sum(attempts)
    FROM (SELECT queue, type, state, 1 AS jobs, attempts::bigint AS attempts FROM new_jobs
          UNION ALL
          SELECT queue, type, state, -1, -attempts::bigint FROM old_jobs) AS delta
    GROUP BY queue, type, state
    HAVING sum(jobs) <> 0 OR sum(attempts) <> 0;
    RETURN NULL;
END;
$$;

CREATE FUNCTION jobs_count_deleted() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO job_count_changes (queue, type, state, jobs, attempts)
    SELECT queue, type, state, -count(*), -sum(attempts)
    FROM deleted_jobs
    GROUP BY queue, type, state;
    RETURN NULL;
END;
$$;

CREATE FUNCTION jobs_count_truncated() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    TRUNCATE job_counts, job_count_changes;
    RETURN NULL;
END;
$$;

CREATE TRIGGER jobs_count_inserts
    AFTER INSERT ON jobs
    REFERENCING NEW TABLE AS inserted_jobs
    FOR EACH STATEMENT
    EXECUTE FUNCTION jobs_count_inserted();

CREATE TRIGGER jobs_count_updates
    AFTER UPDATE ON jobs
    REFERENCING OLD TABLE AS old_jobs NEW TABLE AS new_jobs
    FOR EACH STATEMENT
    EXECUTE FUNCTION jobs_count_updated();

CREATE TRIGGER jobs_count_deletes
    AFTER DELETE ON jobs
    REFERENCING OLD TABLE AS deleted_jobs
    FOR EACH STATEMENT
    EXECUTE FUNCTION jobs_count_deleted();

CREATE TRIGGER jobs_count_truncates
    AFTER TRUNCATE ON jobs
    FOR EACH STATEMENT
    EXECUTE FUNCTION jobs_count_truncated();

-- Moves the appended changes into job_counts; returns how many change rows it folded. One folder at a time (the
-- advisory lock): two folders deleting overlapping change rows while upserting counts could deadlock. A caller that
-- does not get the lock returns at once; the other folder is doing the work.
CREATE FUNCTION fold_job_count_changes() RETURNS integer
    LANGUAGE plpgsql AS
$$
DECLARE
    folded integer;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('job_processor.fold_job_count_changes')) THEN
        RETURN 0;
    END IF;
    WITH moved AS (
        DELETE FROM job_count_changes RETURNING queue, type, state, jobs, attempts
    ), summed AS (
        SELECT queue, type, state, sum(jobs) AS jobs, sum(attempts) AS attempts, count(*) AS change_rows
        FROM moved
        GROUP BY queue, type, state
    ), upserted AS (
        INSERT INTO job_counts AS c (queue, type, state, jobs, attempts)
        SELECT queue, type, state, jobs, attempts FROM summed ORDER BY queue, type, state
        ON CONFLICT (queue, type, state)
            DO UPDATE SET jobs = c.jobs + excluded.jobs, attempts = c.attempts + excluded.attempts
    )
    SELECT coalesce(sum(change_rows), 0) INTO folded FROM summed;
    DELETE FROM job_counts WHERE jobs = 0;
    RETURN folded;
END;
$$;

-- The latest failure of each job, for "the 20 most recent failures" without reading every error history.
ALTER TABLE jobs ADD COLUMN last_failed_at timestamptz;

UPDATE jobs SET last_failed_at = (errors -> -1 ->> 'at')::timestamptz WHERE jsonb_array_length(errors) > 0;

ALTER TABLE jobs
    ADD CONSTRAINT jobs_last_failed_at_iff_errors
        CHECK ((last_failed_at IS NULL) = (jsonb_array_length(errors) = 0));

CREATE INDEX jobs_recent_failures ON jobs (last_failed_at DESC, id DESC) WHERE last_failed_at IS NOT NULL;
