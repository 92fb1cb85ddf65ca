package dev.jobprocessor.application.maintenance;

import java.util.Optional;

/**
 * Decides which rounds of a repeated piece of work are worth a log line: the first failure of a streak and the first
 * success after one, not every failed attempt in between. A database that is away for a minute costs two lines per
 * task, not sixty (docs/HIGH_AVAILABILITY.md, "Background loops"). Not thread-safe: one per task, used by the thread
 * that runs its rounds.
 */
public final class FailureStreak {

    private final String work;
    private int failedRounds;

    /** {@code work} names the task in the lines, e.g. {@code "reaping expired leases"}. */
    public FailureStreak(String work) {
        this.work = work;
    }

    /** A round failed with {@code reason}: the line to log when it starts a streak, else nothing. */
    public Optional<String> failed(String reason) {
        failedRounds++;
        return failedRounds == 1
                ? Optional.of(work + " failed; trying again each round, and saying so when it works: " + reason)
                : Optional.empty();
    }

    /** A round succeeded: the line to log when it ends a streak, else nothing. */
    public Optional<String> succeeded() {
        if (failedRounds == 0) {
            return Optional.empty();
        }
        String line = work + " works again after " + failedRounds + " failed round(s)";
        failedRounds = 0;
        return Optional.of(line);
    }
}
