/**
 * The {@link dev.jobprocessor.application.port.JobRepository} on PostgreSQL. The schema is in Flyway migrations
 * ({@code db/migration}); the jOOQ classes in {@code ...postgres.jooq} are generated from them; every state change is
 * one explicit transaction; claims use {@code FOR UPDATE SKIP LOCKED}; enqueues {@code NOTIFY} idle workers.
 * How each statement stays safe under concurrency is written down in {@code docs/CONCURRENCY_MODEL.md}.
 */
package dev.jobprocessor.adapters.postgres;
