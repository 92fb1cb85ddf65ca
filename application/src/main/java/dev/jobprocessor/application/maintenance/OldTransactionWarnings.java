package dev.jobprocessor.application.maintenance;

import dev.jobprocessor.application.port.TableHealth;
import dev.jobprocessor.application.port.TableHealth.OpenTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides when a table-health reading deserves a warning in the log: its oldest open transaction has been open for at
 * least the threshold ({@code JOBS_OLD_TRANSACTION_WARN_SECONDS}). At most one warning per session (server process id)
 * per {@code repeatAfter}, so a transaction left open for an hour costs a line a minute, not one per reading. Pure: the
 * time is the reading's own ({@link TableHealth#readAt()}), and the caller logs what it returns.
 */
public final class OldTransactionWarnings {

    /** How often the same session is warned about at most. */
    public static final Duration REPEAT_AFTER = Duration.ofMinutes(1);

    private final Duration threshold;
    private final Duration repeatAfter;
    /** When each session was last warned about, for those warned within {@code repeatAfter}. */
    private final Map<Integer, Instant> lastWarned = new HashMap<>();

    /**
     * @param threshold how old a transaction must be to be warned about; zero turns the warnings off
     * @param repeatAfter how long before the same session is warned about again
     */
    public OldTransactionWarnings(Duration threshold, Duration repeatAfter) {
        this.threshold = Objects.requireNonNull(threshold, "threshold");
        this.repeatAfter = Objects.requireNonNull(repeatAfter, "repeatAfter");
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("the threshold must not be negative, got " + threshold);
        }
        if (repeatAfter.isNegative() || repeatAfter.isZero()) {
            throw new IllegalArgumentException("repeatAfter must be positive, got " + repeatAfter);
        }
    }

    /** Warnings at {@code threshold}, repeated at most once a minute per session; a zero threshold: never. */
    public static OldTransactionWarnings atLeast(Duration threshold) {
        return new OldTransactionWarnings(threshold, REPEAT_AFTER);
    }

    /** True unless the threshold is zero. */
    public boolean enabled() {
        return !threshold.isZero();
    }

    /** The warning this reading deserves, one line naming the session, or empty. */
    public synchronized Optional<String> check(TableHealth health) {
        if (!enabled()) {
            return Optional.empty();
        }
        Instant now = health.readAt();
        lastWarned.values().removeIf(at -> !now.isBefore(at.plus(repeatAfter)));
        Optional<OpenTransaction> oldest = health.oldestTransaction();
        if (oldest.isEmpty()) {
            return Optional.empty();
        }
        OpenTransaction transaction = oldest.get();
        Duration age = transaction.age(now);
        if (age.compareTo(threshold) < 0 || lastWarned.containsKey(transaction.processId())) {
            return Optional.empty();
        }
        lastWarned.put(transaction.processId(), now);
        return Optional.of(message(transaction, age));
    }

    private String message(OpenTransaction transaction, Duration age) {
        return "a transaction has been open for " + age.toSeconds() + " s (threshold " + threshold.toSeconds()
                + " s): pid " + transaction.processId() + ", state \"" + transaction.state() + "\", application \""
                + transaction.applicationName() + "\", "
                + (transaction.holdsBackVacuum()
                        ? "holding back vacuum: dead row versions of the jobs table pile up until it ends"
                        : "holding no snapshot right now, but its locks and connection")
                + "; end it, or bound such sessions with idle_in_transaction_session_timeout"
                + " (docs/PERSISTENCE.md, \"Table health\")";
    }
}
