package dev.jobprocessor.bootstrap.handlers;

import dev.jobprocessor.application.port.JobHandlers;

/** The handlers every worker of this service runs. */
public final class BuiltInHandlers {

    private BuiltInHandlers() {}

    public static JobHandlers all() {
        return JobHandlers.builder()
                .register("noop", new NoopHandler())
                .register("echo", new EchoHandler())
                .register("sleep", new SleepHandler())
                .register("fail", new FailHandler())
                .build();
    }
}
