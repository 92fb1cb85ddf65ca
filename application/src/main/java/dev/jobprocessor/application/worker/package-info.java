/**
 * The worker that runs jobs in-process: it leases jobs for the types it has handlers for, runs them on virtual threads
 * with slots per queue, heartbeats long attempts, enforces {@code timeout_seconds}, and records each outcome through
 * the use cases. The same rules hold for remote workers speaking the HTTP protocol.
 *
 * <p>{@link dev.jobprocessor.application.worker.Worker} only builds, starts and stops the parts: a {@code QueueProducer}
 * per {@link dev.jobprocessor.application.worker.QueueConcurrency} sizes and makes claims; its {@code Slots} keep the
 * running attempts and the buffer of claimed jobs under one lock and hand a finished handler's thread to the next
 * buffered job; {@code HandlerRunner} runs a handler and maps its outcome; one {@code LeaseKeeper} heartbeats every
 * held job in one store call per tick and records timeouts through the {@code ResultRecorder}, which writes results
 * in batches. See {@code docs/CONCURRENCY_MODEL.md} §10.
 */
package dev.jobprocessor.application.worker;
