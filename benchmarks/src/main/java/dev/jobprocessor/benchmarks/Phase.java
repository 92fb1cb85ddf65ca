package dev.jobprocessor.benchmarks;

/** The soak's three thirds: clean, a transaction held open doing nothing, and recovery after it ends. */
enum Phase {
    CLEAN,
    STUCK,
    RECOVERY;

    /** The phase of minute {@code minute} (1-based) of {@code minutes}. */
    static Phase of(int minute, int minutes) {
        int third = minutes / 3;
        if (minute <= third) {
            return CLEAN;
        }
        return minute <= 2 * third ? STUCK : RECOVERY;
    }

    String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
