package dev.jobprocessor.bootstrap.handlers;

import dev.jobprocessor.application.port.JobHandlers;
import java.nio.file.Path;
import java.util.Optional;

/** The handlers every worker of this service runs. */
public final class BuiltInHandlers {

    private BuiltInHandlers() {}

    public static JobHandlers all() {
        return all(Optional.empty());
    }

    /** Every handler, and {@code ledger} when a ledger file is given ({@code JOBS_LEDGER_FILE}). */
    public static JobHandlers all(Optional<Path> ledger) {
        JobHandlers.Builder handlers = JobHandlers.builder()
                .register("noop", new NoopHandler())
                .register("echo", new EchoHandler())
                .register("sleep", new SleepHandler())
                .register("fail", new FailHandler());
        ledger.ifPresent(file -> handlers.register("ledger", new LedgerHandler(file)));
        return handlers.build();
    }
}
