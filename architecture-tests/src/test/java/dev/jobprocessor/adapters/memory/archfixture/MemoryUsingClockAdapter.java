package dev.jobprocessor.adapters.memory.archfixture;

import dev.jobprocessor.adapters.clock.SystemClock;
import dev.jobprocessor.application.port.Clock;

/** Bad: one adapter builds another instead of being handed the port by bootstrap. */
public final class MemoryUsingClockAdapter {

    private MemoryUsingClockAdapter() {}

    public static Clock clock() {
        return new SystemClock();
    }
}
