-- The statement trigger that records each inserted job's queue (V8) ran an INSERT … ON CONFLICT DO NOTHING for every
-- insert statement, and for a queue that already has its row (nearly always) that conflict path took 0.13–0.19 ms of
-- the 0.5 ms an idle single submit spends executing (EXPLAIN ANALYZE of the service's INSERT, docs/BENCHMARKS.md,
-- "Performance round 2"). Reading the row first costs 0.04 ms. ON CONFLICT stays for the race it exists for: two
-- transactions inserting the first jobs of a new queue at once both see no row, and one of them skips the insert.
CREATE OR REPLACE FUNCTION jobs_record_queues() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    -- The jobs' own created_at: the application's clock, like every other time stored (TRADEOFFS.md (b)).
    INSERT INTO queues (name, created_at, updated_at)
    SELECT inserted.queue, min(inserted.created_at), min(inserted.created_at)
    FROM inserted_jobs AS inserted
    WHERE NOT EXISTS (SELECT 1 FROM queues WHERE queues.name = inserted.queue)
    GROUP BY inserted.queue
    ORDER BY inserted.queue
    ON CONFLICT (name) DO NOTHING;
    RETURN NULL;
END;
$$;

-- The immutable fields (V1, V4, V10, V13) were checked by calling a PL/pgSQL function for every updated row: 3.3–3.9 ms
-- of a claim or a completion of 1 000 rows that executes in 33–42 ms (EXPLAIN ANALYZE, docs/BENCHMARKS.md). The same
-- comparison as the trigger's WHEN clause is evaluated by the executor without a function call; the function now only
-- refuses, and runs only when a field did change. Same name, so the BEFORE triggers keep their order.
CREATE OR REPLACE FUNCTION jobs_keep_immutable_fields() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'job %: id, type, queue, payload, priority, max_attempts, timeout_seconds, idempotency_key, created_at, created_by, concurrency_key, dependency_parents and on_dependency_failure are immutable', OLD.id
        USING ERRCODE = 'check_violation';
END;
$$;

DROP TRIGGER jobs_immutable_fields ON jobs;
CREATE TRIGGER jobs_immutable_fields
    BEFORE UPDATE ON jobs
    FOR EACH ROW
    WHEN (NEW.id <> OLD.id
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
        OR NEW.on_dependency_failure IS DISTINCT FROM OLD.on_dependency_failure)
    EXECUTE FUNCTION jobs_keep_immutable_fields();
