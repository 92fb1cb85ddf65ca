package dev.jobprocessor.client.worker;

import dev.jobprocessor.client.Job;

/**
 * A {@link JobHandler} that also receives its attempt's {@link CancelSignal}, to stop cleanly between steps when an
 * operator cancels the running job. Whatever it returns once the cancel was requested is not stored: the job ends
 * cancelled.
 */
@FunctionalInterface
public interface CancellableJobHandler {

    HandlerResult handle(Job job, CancelSignal cancel) throws Exception;
}
