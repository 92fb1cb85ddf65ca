-- Schedules (docs/SCHEDULES.md): recurring jobs as durable records. Any process may fire a due schedule: it locks the
-- row (FOR UPDATE SKIP LOCKED), inserts the tick's job under the tick's idempotency key and moves next_fire_at on with
-- a compare-and-set, in one transaction. The schedule's own row remembers where it is, so deleting its old jobs can
-- never make a tick fire twice.
--
-- The constraints repeat the rules of ScheduleRequest.validate and of the job template (SPEC §3), so that no writer
-- can store a schedule the domain could not hold. Whether the cron expression and the time zone are valid is the
-- domain's to say (the database knows neither cron nor, for our purpose, the JDK's zone list).
CREATE TABLE schedules (
    name                    text        PRIMARY KEY,
    -- Fixed at creation and kept when the schedule is replaced; it names the schedule in its jobs' idempotency keys.
    id                      uuid        NOT NULL UNIQUE,
    cron                    text        NOT NULL,
    timezone                text        NOT NULL,
    job_type                text        NOT NULL,
    job_queue               text        NOT NULL,
    -- json, as in jobs: the template's payload reads back exactly as written.
    job_payload             json        NOT NULL,
    job_priority            smallint    NOT NULL,
    job_max_attempts        smallint    NOT NULL,
    job_timeout_seconds     integer     NOT NULL,
    job_concurrency_key     text        COLLATE "C",
    misfire                 text        NOT NULL,
    overlap                 text        NOT NULL,
    catch_up_window_seconds bigint      NOT NULL,
    paused                  boolean     NOT NULL,
    -- NULL when the cadence has no tick left (a date that never comes again).
    next_fire_at            timestamptz,
    last_fire_at            timestamptz,
    -- No foreign key: retention deletes finished jobs, and a deleted last job simply counts as finished.
    last_job_id             uuid,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,

    CONSTRAINT schedules_name_format CHECK (name ~ '^[a-z0-9][a-z0-9_.-]{0,99}$'),
    CONSTRAINT schedules_cron_length CHECK (length(cron) BETWEEN 1 AND 200),
    CONSTRAINT schedules_timezone_length CHECK (length(timezone) BETWEEN 1 AND 64),
    CONSTRAINT schedules_job_type_format CHECK (job_type ~ '^[a-z][a-z0-9_.-]{0,99}$'),
    CONSTRAINT schedules_job_queue_format CHECK (job_queue ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
    CONSTRAINT schedules_job_priority_range CHECK (job_priority BETWEEN 1 AND 10),
    CONSTRAINT schedules_job_max_attempts_range CHECK (job_max_attempts BETWEEN 1 AND 100),
    CONSTRAINT schedules_job_timeout_range CHECK (job_timeout_seconds BETWEEN 1 AND 86400),
    CONSTRAINT schedules_job_concurrency_key_format
        CHECK (job_concurrency_key IS NULL OR job_concurrency_key ~ '^[\x21-\x7E]{1,128}$'),
    CONSTRAINT schedules_misfire_known CHECK (misfire IN ('skip', 'fire_once', 'fire_all')),
    CONSTRAINT schedules_overlap_known CHECK (overlap IN ('allow', 'skip_if_running')),
    CONSTRAINT schedules_catch_up_window_positive CHECK (catch_up_window_seconds > 0),
    CONSTRAINT schedules_last_fire_with_job CHECK (last_job_id IS NULL OR last_fire_at IS NOT NULL)
);

-- What the firers ask, several times a second in every process: the earliest due schedule that is not paused.
CREATE INDEX schedules_due ON schedules (next_fire_at) WHERE NOT paused AND next_fire_at IS NOT NULL;

-- A schedule's jobs are created by "schedule:<name>" (docs/SCHEDULES.md): the creator's format gains the colon and the
-- room of a schedule's name. NOT VALID skips a scan of every job: each stored row meets the narrower rule it replaces,
-- and the new rule binds every row written from now on.
ALTER TABLE jobs
    DROP CONSTRAINT jobs_created_by_format,
    ADD CONSTRAINT jobs_created_by_format
        CHECK (created_by IS NULL OR created_by ~ '^[A-Za-z0-9._:-]{1,110}$') NOT VALID;
