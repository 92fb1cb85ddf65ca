-- Jobs that depend on other jobs (docs/WORKFLOWS.md). A job with depends_on is stored 'waiting' and becomes 'pending'
-- in the transaction that meets its last parent. The columns are the domain's Job.dependencies, and the checks repeat
-- its invariants, so no writer can store what the domain could not hold:
--
-- dependency_parents / dependency_unmet: how many jobs it depends on, and how many of them are not met yet (a parent
-- is met once, when it completes or, under 'run', ends otherwise); NULL for a job that depends on none.
-- on_dependency_failure: what a parent ending failed, dead or cancelled does to it: 'cancel', 'run' or 'wait'.
-- has_dependents: some job depends on this one. A completion's one-statement compare-and-set is taken only by jobs
-- without dependents; the others complete through the locking path, whose transaction also tells their children.
--
-- Every existing row satisfies the new checks as they stand (the new columns are NULL or false and no job is waiting),
-- so they are added NOT VALID: PostgreSQL enforces them from now on without scanning the table under this
-- migration's lock. The same holds for the state check, which only grows.
ALTER TABLE jobs
    ADD COLUMN dependency_parents    smallint,
    ADD COLUMN dependency_unmet      smallint,
    ADD COLUMN on_dependency_failure text,
    ADD COLUMN has_dependents        boolean NOT NULL DEFAULT false,
    DROP CONSTRAINT jobs_state_known,
    ADD CONSTRAINT jobs_state_known
        CHECK (state IN ('waiting', 'pending', 'running', 'completed', 'failed', 'dead', 'cancelled')) NOT VALID,
    ADD CONSTRAINT jobs_dependencies_complete
        CHECK ((dependency_parents IS NULL) = (dependency_unmet IS NULL)
            AND (dependency_parents IS NULL) = (on_dependency_failure IS NULL)) NOT VALID,
    ADD CONSTRAINT jobs_dependencies_range
        CHECK (dependency_parents IS NULL
            OR (dependency_parents BETWEEN 1 AND 1000 AND dependency_unmet BETWEEN 0 AND dependency_parents)) NOT VALID,
    ADD CONSTRAINT jobs_on_dependency_failure_known
        CHECK (on_dependency_failure IN ('cancel', 'run', 'wait')) NOT VALID,
    ADD CONSTRAINT jobs_waiting_has_unmet_parent
        CHECK (state <> 'waiting' OR (dependency_unmet > 0 AND attempts = 0)) NOT VALID,
    ADD CONSTRAINT jobs_unmet_parents_only_waiting_or_cancelled
        CHECK (dependency_unmet IS NULL OR dependency_unmet = 0 OR state IN ('waiting', 'cancelled')) NOT VALID;

-- One row per parent of a job, in the order its submit named them. No foreign keys: retention purges finished jobs
-- one batch at a time, and a purged parent's row stays so that its children show it as purged; a child's rows go
-- with it (PostgresJobPurger).
CREATE TABLE job_dependencies (
    child_id  uuid     NOT NULL,
    parent_id uuid     NOT NULL,
    position  smallint NOT NULL,
    -- Set once, when the parent is met for this child; never cleared, so a retried parent is not counted twice.
    met       boolean  NOT NULL,
    PRIMARY KEY (child_id, parent_id),
    CONSTRAINT job_dependencies_position_range CHECK (position BETWEEN 0 AND 999),
    CONSTRAINT job_dependencies_not_self CHECK (child_id <> parent_id)
);

-- When a parent ends: the children still waiting on it. Met rows leave the index, so it holds only open edges.
CREATE INDEX job_dependencies_unmet_by_parent ON job_dependencies (parent_id) WHERE NOT met;

-- How a job depends on others is part of what the client asked for (its fingerprint covers it).
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
        OR NEW.created_by IS DISTINCT FROM OLD.created_by
        OR NEW.concurrency_key IS DISTINCT FROM OLD.concurrency_key
        OR NEW.dependency_parents IS DISTINCT FROM OLD.dependency_parents
        OR NEW.on_dependency_failure IS DISTINCT FROM OLD.on_dependency_failure THEN
        RAISE EXCEPTION 'job %: id, type, queue, payload, priority, max_attempts, timeout_seconds, idempotency_key, created_at, created_by, concurrency_key, dependency_parents and on_dependency_failure are immutable', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
