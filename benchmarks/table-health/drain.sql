-- One pgbench "transaction" of the table-health measurement (benchmarks/table-health.sh): what a worker does to 100
-- jobs, as the service's statements do it, each statement its own transaction: claim them (the claim of
-- PostgresJobRepository: a FOR UPDATE SKIP LOCKED CTE feeding an UPDATE), renew their lease twice (a heartbeat changes
-- only lease_expires_at and updated_at, no indexed column), and complete them.
WITH due AS (
    SELECT id FROM jobs
    WHERE state = 'pending' AND queue = 'default' AND run_at <= now()
    ORDER BY priority, run_at, id
    LIMIT 100
    FOR UPDATE SKIP LOCKED)
UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_token = md5(random()::text),
    lease_owner = 'worker-:client_id', lease_expires_at = now() + interval '30 seconds', started_at = now(),
    updated_at = now()
FROM due WHERE jobs.id = due.id;
UPDATE jobs SET lease_expires_at = now() + interval '30 seconds', updated_at = now()
WHERE state = 'running' AND lease_owner = 'worker-:client_id';
UPDATE jobs SET lease_expires_at = now() + interval '30 seconds', updated_at = now()
WHERE state = 'running' AND lease_owner = 'worker-:client_id';
UPDATE jobs SET state = 'completed', result = '{}', lease_owner = NULL, lease_expires_at = NULL, finished_at = now(),
    updated_at = now()
WHERE state = 'running' AND lease_owner = 'worker-:client_id';
