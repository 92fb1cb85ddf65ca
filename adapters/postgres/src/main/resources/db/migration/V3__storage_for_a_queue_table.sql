-- Storage settings for a table that is mostly updated in place (docs/BENCHMARKS.md, "Storage").
--
-- Heartbeats change only lease_expires_at and updated_at. With lease_expires_at out of every index, a heartbeat is a
-- HOT update: the new row version goes on the same page and no index is touched. The reaper now finds expired leases
-- among the running jobs, which a worker fleet keeps small (at most the sum of its concurrency), through a partial
-- index on them.
DROP INDEX jobs_lease_expiry;
CREATE INDEX jobs_running ON jobs (id) WHERE state = 'running';

-- Room on each page for HOT updates, and autovacuum well ahead of the dead index entries a drained queue leaves at
-- the front of the claim index (the default waits for 20% of the table to change).
ALTER TABLE jobs SET (
    fillfactor = 85,
    autovacuum_vacuum_scale_factor = 0.02,
    autovacuum_vacuum_insert_scale_factor = 0.05,
    autovacuum_analyze_scale_factor = 0.02
);
