-- Traces across the queue (docs/OBSERVABILITY.md, "Traces"): the W3C traceparent of the trace a job was submitted in,
-- which its attempts join. Set at submit, never changed; NULL when no trace was current. A nullable column without a
-- default does not rewrite the table, and the NOT VALID check leaves the rows already stored (all NULL) unscanned.
ALTER TABLE jobs ADD COLUMN traceparent text;
ALTER TABLE jobs ADD CONSTRAINT jobs_traceparent_format
    CHECK (traceparent IS NULL OR traceparent ~ '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$') NOT VALID;
