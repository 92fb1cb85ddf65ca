package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.Job;

/**
 * Runs one attempt of a job of one type. Return a {@link HandlerResult}; any exception thrown counts as a
 * retryable failure. The attempt's thread is interrupted when it exceeds the job's {@code timeout_seconds} or its
 * lease is lost, so long-running handlers should respond to interruption.
 */
@FunctionalInterface
public interface JobHandler {

    HandlerResult handle(Job job) throws Exception;
}
