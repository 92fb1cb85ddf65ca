package dev.jobprocessor.application.port;

/**
 * One schedule could not be fired (its cadence no longer parses, its job was refused, its row moved under the lock):
 * the firing was rolled back, and the others can still fire. Names the schedule so a round can pass over it.
 */
public final class ScheduleFiringException extends RuntimeException {

    private final String schedule;

    public ScheduleFiringException(String schedule, RuntimeException cause) {
        super("schedule '" + schedule + "' could not fire: " + cause.getMessage(), cause);
        this.schedule = schedule;
    }

    public String schedule() {
        return schedule;
    }
}
