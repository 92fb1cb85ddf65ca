-- Retention per queue (docs/QUEUE_CONTROL.md, "Retention per queue"): where a column is set, it replaces the service's
-- JOBS_RETENTION_<STATE> for the jobs of this queue that ended in that state; 0 keeps them for ever; NULL follows the
-- service. Seconds, as the service's settings are whole durations; the bound is DurationText.MAX (36 500 days).
ALTER TABLE queues
    ADD COLUMN retention_completed_seconds bigint,
    ADD COLUMN retention_cancelled_seconds bigint,
    ADD COLUMN retention_failed_seconds    bigint,
    ADD COLUMN retention_dead_seconds      bigint,
    ADD CONSTRAINT queues_retention_range CHECK (
        coalesce(retention_completed_seconds, 0) BETWEEN 0 AND 3153600000
        AND coalesce(retention_cancelled_seconds, 0) BETWEEN 0 AND 3153600000
        AND coalesce(retention_failed_seconds, 0) BETWEEN 0 AND 3153600000
        AND coalesce(retention_dead_seconds, 0) BETWEEN 0 AND 3153600000);
