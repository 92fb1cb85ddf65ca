-- Rate limits and fair shares per concurrency key (docs/QUEUE_CONTROL.md, "Rate limits" and "Fair shares per key").
--
-- Settings: rate_limit_jobs starts per rate_limit_per_seconds (both set or both NULL), and key_limit, running jobs per
-- concurrency key. The bounds are QueueLimits'.
--
-- Claim state, written only by claims under the queue's row lock, in the transaction that starts the jobs, so a crash
-- rolls it back with them and it cannot drift: rate_window_at / rate_window_jobs, the starts of the last period (one
-- pair per claim that started jobs; RateWindow), and key_cursor, the last concurrency key a claim served, where the
-- next claim goes on. An operator's change never touches them.
ALTER TABLE queues
    ADD COLUMN rate_limit_jobs        integer,
    ADD COLUMN rate_limit_per_seconds integer,
    ADD COLUMN key_limit              integer,
    ADD COLUMN rate_window_at         timestamptz[] NOT NULL DEFAULT '{}',
    ADD COLUMN rate_window_jobs       integer[]     NOT NULL DEFAULT '{}',
    ADD COLUMN key_cursor             text COLLATE "C",
    ADD CONSTRAINT queues_rate_limit_complete CHECK ((rate_limit_jobs IS NULL) = (rate_limit_per_seconds IS NULL)),
    ADD CONSTRAINT queues_rate_limit_range
        CHECK (rate_limit_jobs IS NULL OR (rate_limit_jobs BETWEEN 1 AND 10000
                                           AND rate_limit_per_seconds BETWEEN 1 AND 86400)),
    ADD CONSTRAINT queues_key_limit_range CHECK (key_limit IS NULL OR key_limit BETWEEN 1 AND 10000),
    ADD CONSTRAINT queues_rate_window_pairs
        CHECK (cardinality(rate_window_at) = cardinality(rate_window_jobs));

-- A job's concurrency key: a tenant or account id, printable ASCII without spaces (JobLimits). "C" collation, so the
-- database orders keys as Java's String does and claims rotate across them in the same order in both stores.
ALTER TABLE jobs
    ADD COLUMN concurrency_key text COLLATE "C",
    ADD CONSTRAINT jobs_concurrency_key_format CHECK (concurrency_key ~ '^[\x21-\x7E]{1,128}$');

-- A key-limited queue's claim walks its keys in order (one index descent per key: "the next key after k") and claims
-- each key's due jobs in claim order. Every pending job has an entry, keyless ones last (NULLs sort last), because a
-- queue may be given a key limit at any time and its jobs without a key are one more lane. What it costs: one more
-- entry per job while it is pending, written by the enqueue (docs/BENCHMARKS.md); claims and completions write none.
CREATE INDEX jobs_claim_by_key ON jobs (queue, concurrency_key, priority, run_at, id) WHERE state = 'pending';

-- The key is part of what the client asked for (its idempotency fingerprint covers it): as immutable as the queue.
CREATE OR REPLACE FUNCTION jobs_keep_immutable_fields() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.id <> OLD.id
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
        OR NEW.concurrency_key IS DISTINCT FROM OLD.concurrency_key THEN
        RAISE EXCEPTION 'job %: id, type, queue, payload, priority, max_attempts, timeout_seconds, idempotency_key, created_at, created_by and concurrency_key are immutable', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
