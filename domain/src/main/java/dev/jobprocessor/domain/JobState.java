package dev.jobprocessor.domain;

/** Where a job is in its life. The transitions between states are the methods of {@link Job}. */
public enum JobState {
    /**
     * Not claimable yet: waits for the jobs it depends on (docs/WORKFLOWS.md). Entered on submit by a job with
     * {@code depends_on}, or by an operator's retry of one whose parents are not all met; left for pending in the
     * transaction that meets its last parent, or for cancelled.
     */
    WAITING(false),
    /** Waiting to be claimed once {@code run_at} has passed. Entered on submit, after a retryable failure, or by an operator's retry. */
    PENDING(false),
    /** Claimed by a worker that holds its lease. Entered only by a claim. */
    RUNNING(false),
    /** Final: the lease holder reported success and the result is stored. */
    COMPLETED(true),
    /** Final unless an operator retries: the handler reported a permanent failure. */
    FAILED(true),
    /** Final unless an operator retries: the last allowed attempt failed (or its lease expired). */
    DEAD(true),
    /** Final unless an operator retries: cancelled while still pending. */
    CANCELLED(true);

    private final boolean terminal;

    JobState(boolean terminal) {
        this.terminal = terminal;
    }

    /** True for the states that need an operator to leave: completed, failed, dead and cancelled. */
    public boolean isTerminal() {
        return terminal;
    }

    /** The name used on the wire and in the database. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a wire name such as {@code "pending"}. */
    public static JobState fromWireName(String name) {
        for (JobState state : values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown job state: " + name);
    }
}
