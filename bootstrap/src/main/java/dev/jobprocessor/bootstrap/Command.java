package dev.jobprocessor.bootstrap;

import java.util.Locale;
import java.util.Optional;

/** The subcommands of the runnable jar (docs/SPEC.md §8). */
enum Command {
    /** Migrations, the HTTP API, embedded workers and the reaper: everything in one process. */
    SERVE(true, true, true),
    /** The HTTP API and the reaper; migrations are left to {@code migrate} or a {@code serve} process. */
    API(false, true, false),
    /** Embedded workers and the reaper, no HTTP. */
    WORKER(false, false, true),
    /** Applies the migrations and exits. */
    MIGRATE(true, false, false);

    final boolean migrates;
    final boolean servesHttp;
    final boolean runsWorkers;

    Command(boolean migrates, boolean servesHttp, boolean runsWorkers) {
        this.migrates = migrates;
        this.servesHttp = servesHttp;
        this.runsWorkers = runsWorkers;
    }

    static Optional<Command> parse(String name) {
        for (Command command : values()) {
            if (command.name().toLowerCase(Locale.ROOT).equals(name)) {
                return Optional.of(command);
            }
        }
        return Optional.empty();
    }
}
