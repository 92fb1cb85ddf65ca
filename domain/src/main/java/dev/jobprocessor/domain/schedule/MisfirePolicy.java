package dev.jobprocessor.domain.schedule;

/** What a schedule does with ticks it missed (downtime, a pause, a slow round): docs/SCHEDULES.md, "Misfires". */
public enum MisfirePolicy {
    /** Missed ticks fire nothing; the schedule goes on from its next tick. */
    SKIP,
    /** One job for the latest missed tick inside the catch-up window (the default). */
    FIRE_ONCE,
    /** A job for every missed tick inside the catch-up window, the latest {@link FireRound#MAX_CATCH_UP} at most. */
    FIRE_ALL;

    /** The name in the API and in the database. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
