-- Fewer index entries per job (docs/BENCHMARKS.md, finding 9; docs/PERSISTENCE.md, "Indexes").
--
-- Every state change writes a new row version, and every index gets an entry for it unless its predicate excludes the
-- version (state is indexed, so these updates are never HOT). A job that succeeds has three versions: pending,
-- running, completed. The list indexes took one entry for each of them, three indexes times three versions, for
-- queries an operator runs now and then, while the claim and the completion run for every job.
--
-- Listing by queue or by type alone now scans the primary key newest first and filters: quick while the values asked
-- for are common among recent jobs. A deployment that lists rare types over a long history can add
-- "CREATE INDEX CONCURRENTLY jobs_list_by_type ON jobs (type, id)"; the list query uses it without a code change.
DROP INDEX jobs_list_by_queue;
DROP INDEX jobs_list_by_type;

-- Listing by state keeps an index, but only for the states that need one: running jobs are listed through
-- jobs_running (id order); completed jobs, the bulk of the history, are the rows the primary key scan meets first.
-- A successful job now takes one entry here (while pending) instead of three.
DROP INDEX jobs_list_by_state;
CREATE INDEX jobs_list_by_state ON jobs (state, id) WHERE state NOT IN ('running', 'completed');
