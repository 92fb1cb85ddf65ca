package dev.jobprocessor.bootstrap.handlers;

import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobHandler;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.Json;

/** {@code noop}: does nothing and succeeds with {@code {}}. */
public final class NoopHandler implements JobHandler {

    @Override
    public HandlerResult handle(Job job) {
        return HandlerResult.success(Json.EMPTY_OBJECT);
    }
}
