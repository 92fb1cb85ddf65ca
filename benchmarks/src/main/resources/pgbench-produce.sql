-- One producer transaction of the schema ceiling (SchemaCeiling): 100 no-op jobs in one INSERT, the columns a job
-- without options is stored with (pgbench-submit.sql has them all).
INSERT INTO jobs (id, type, queue, payload, priority, state, attempts, max_attempts, run_at, timeout_seconds, errors, created_at, updated_at, snoozes) SELECT gen_random_uuid(), 'noop', 'default', '{}', 5, 'pending', 0, 5, now(), 300, '[]', now(), now(), 0 FROM generate_series(1, 100);
