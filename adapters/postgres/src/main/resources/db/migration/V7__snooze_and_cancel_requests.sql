-- Snooze and cooperative cancel of running jobs (docs/QUEUE_CONTROL.md). Both columns are the domain's Job fields
-- of the same names, and the checks repeat its invariants, so no writer can store what the domain could not hold.
--
-- snoozes: how often the job put itself off in this retry cycle (an operator's retry sets it back to 0). The cap is
-- JobLimits.MAX_SNOOZES; a job at the cap cannot snooze again.
--
-- cancel_requested_at: when an operator asked the running job to stop. Set only while it runs (the request), kept
-- when the request ends it cancelled (the history shows it was stopped while running), cleared by an operator's
-- retry. A pending job is cancelled at once and never carries it.
--
-- Adding a column with a constant default and a nullable column rewrites nothing (PostgreSQL 11 and newer); the two
-- checks read the table once to validate it.
ALTER TABLE jobs
    ADD COLUMN snoozes smallint NOT NULL DEFAULT 0,
    ADD COLUMN cancel_requested_at timestamptz,
    ADD CONSTRAINT jobs_snoozes_range CHECK (snoozes BETWEEN 0 AND 100),
    ADD CONSTRAINT jobs_cancel_request_only_running_or_cancelled
        CHECK (cancel_requested_at IS NULL OR state IN ('running', 'cancelled'));
