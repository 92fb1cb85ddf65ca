package dev.jobprocessor.client.worker;

import dev.jobprocessor.client.Job;

/**
 * Runs one attempt of a job of one type, as an embedded worker's handler does: return a {@link HandlerResult}; any
 * exception thrown counts as a retryable failure. The attempt's thread is interrupted when the job's
 * {@code timeout_seconds} run out, its lease is lost, an operator cancels it or the worker stops, so long-running
 * handlers should respond to interruption. To check for a cancel request between steps, register a
 * {@link CancellableJobHandler} instead.
 */
@FunctionalInterface
public interface JobHandler {

    HandlerResult handle(Job job) throws Exception;
}
