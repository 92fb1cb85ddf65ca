package dev.jobprocessor.bootstrap.handlers;

import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobHandler;
import dev.jobprocessor.domain.Job;

/** {@code echo}: succeeds with the payload as its result. */
public final class EchoHandler implements JobHandler {

    @Override
    public HandlerResult handle(Job job) {
        return HandlerResult.success(job.payload());
    }
}
