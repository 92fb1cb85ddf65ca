/**
 * The worker that runs jobs in-process: it leases jobs for the types it has handlers for, runs them with bounded
 * concurrency on virtual threads, heartbeats long attempts, enforces {@code timeout_seconds}, and records each
 * outcome through the use cases. The same rules hold for remote workers speaking the HTTP protocol.
 */
package dev.jobprocessor.application.worker;
