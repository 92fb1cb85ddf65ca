package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.Job;

/**
 * Runs one attempt of a job of one type. Return a {@link HandlerResult}; any exception thrown counts as a
 * retryable failure. The attempt's thread is interrupted when it exceeds the job's {@code timeout_seconds}, its
 * lease is lost or an operator cancels the running job, so long-running handlers should respond to interruption. To
 * check for a cancel request without being interrupted, register a {@link CancellableJobHandler} instead.
 */
@FunctionalInterface
public interface JobHandler {

    HandlerResult handle(Job job) throws Exception;
}
