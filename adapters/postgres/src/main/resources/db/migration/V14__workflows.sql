-- Workflows (docs/WORKFLOWS.md, "Workflows"): a named graph of jobs submitted in one transaction. The workflow's state
-- is not stored: it is derived from its jobs' states whenever it is read, so it cannot drift from them.
--
-- created_by has the format of jobs.created_by (an API token's name, V4).
CREATE TABLE workflows (
    id         uuid        PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL,
    created_by text,
    CONSTRAINT workflows_name_format CHECK (char_length(name) BETWEEN 1 AND 200 AND name !~ '[\u0001-\u001f\u007f-\u009f]'),
    CONSTRAINT workflows_created_by_format CHECK (created_by IS NULL OR created_by ~ '^[A-Za-z0-9._-]{1,64}$')
);

-- The workflow a job belongs to, set when the job is inserted, in the transaction that inserts the workflow. No
-- foreign key: it would add a check to every insert of the hot path, and a workflow row may outlive its purged jobs.
-- Adding a nullable column without a default does not rewrite the table.
ALTER TABLE jobs ADD COLUMN workflow_id uuid;

-- A workflow's jobs, in id order. Partial, so jobs outside workflows (nearly all) cost it nothing. Built plainly, not
-- CONCURRENTLY: Flyway's own connection holds a transaction open while it migrates, and CREATE INDEX CONCURRENTLY
-- waits for every older transaction, so it would wait for ever. The build blocks writes to jobs while it scans the
-- table (docs/PERSISTENCE.md, "Migrations").
CREATE INDEX jobs_by_workflow ON jobs (workflow_id, id) WHERE workflow_id IS NOT NULL;

-- A job never changes workflow. A trigger of its own, rather than one more line in jobs_keep_immutable_fields() (V13),
-- which would have to be restated whole; its WHEN is evaluated in the executor and never calls the function for an
-- update that leaves the column alone.
CREATE FUNCTION jobs_keep_workflow() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'job %: workflow_id is immutable', OLD.id
        USING ERRCODE = 'check_violation';
END;
$$;

CREATE TRIGGER jobs_keep_workflow
    BEFORE UPDATE ON jobs
    FOR EACH ROW
    WHEN (NEW.workflow_id IS DISTINCT FROM OLD.workflow_id)
EXECUTE FUNCTION jobs_keep_workflow();
