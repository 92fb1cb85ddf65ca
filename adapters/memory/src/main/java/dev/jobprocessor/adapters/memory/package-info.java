/**
 * A {@link dev.jobprocessor.application.port.JobRepository} held in memory, with exactly the semantics of the
 * PostgreSQL adapter (it passes the same contract suite). For tests of use cases, demos, and
 * {@code JOBS_STORE=memory}; nothing survives a restart. {@link dev.jobprocessor.adapters.memory.InMemoryLeadership}
 * is the leadership port for one process (or for several runners in a test).
 */
package dev.jobprocessor.adapters.memory;
