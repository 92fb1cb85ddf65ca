-- Most jobs have no idempotency key, yet every state change of every job inserted a NULL entry into the unique key
-- index (a state change is never a HOT update; docs/BENCHMARKS.md, finding 3). A partial index keeps the same
-- uniqueness for the keys that exist and is not touched by jobs without one. INSERT … ON CONFLICT names the same
-- predicate to use it as the arbiter.
DROP INDEX jobs_idempotency_key;
CREATE UNIQUE INDEX jobs_idempotency_key ON jobs (idempotency_key) WHERE idempotency_key IS NOT NULL;
