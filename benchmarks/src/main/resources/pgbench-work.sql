-- One pgbench transaction of the drain's ceiling (SchemaCeiling), each statement auto-committed as the service's
-- are: claim up to 100 due jobs as PostgresJobRepository's claim does (a FOR UPDATE SKIP LOCKED CTE feeding the
-- UPDATE, every column returned), then complete them with the result and the lease cleared.
WITH due AS (SELECT id FROM jobs WHERE state = 'pending' AND queue = 'default' AND run_at <= now() ORDER BY priority, run_at, id LIMIT 100 FOR UPDATE SKIP LOCKED) UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_token = md5(random()::text), lease_owner = 'worker-' || :client_id, lease_expires_at = now() + interval '30 seconds', started_at = now(), updated_at = now() FROM due WHERE jobs.id = due.id RETURNING jobs.*;
UPDATE jobs SET state = 'completed', result = '{}', lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL, finished_at = now(), updated_at = now() WHERE state = 'running' AND lease_owner = 'worker-' || :client_id;
