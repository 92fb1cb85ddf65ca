-- Retention (docs/PERSISTENCE.md, "Retention"): the leader deletes finished jobs whose retention ran out, a few
-- thousand at a time, oldest first: "state = ? AND finished_at < ? ORDER BY finished_at LIMIT n". Without an index
-- each of those statements would read the whole history to find the oldest rows of one state; with it, a batch reads
-- the rows it deletes and little more, and the dry-run count of POST /admin/purge reads only the matching entries.
--
-- Partial on finished_at IS NOT NULL, which is exactly the finished jobs: pending and running row versions, the ones
-- every claim and retry writes, get no entry. What it costs: one more index entry for each job that finishes (its
-- final row version), written by the completion or failure. A job that is retried leaves its old entry behind for
-- vacuum, like every other index.
CREATE INDEX jobs_finished ON jobs (state, finished_at) WHERE finished_at IS NOT NULL;
