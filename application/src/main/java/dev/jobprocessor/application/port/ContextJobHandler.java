package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.Job;

/**
 * A {@link JobHandler} that also receives its attempt's {@link JobContext}: a cancel request, and the results of the
 * jobs it depends on (docs/WORKFLOWS.md) — a fan-in job reads what its parents produced.
 */
@FunctionalInterface
public interface ContextJobHandler {

    HandlerResult handle(Job job, JobContext context) throws Exception;
}
