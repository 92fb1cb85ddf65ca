package dev.jobprocessor.domain.archfixture;

import dev.jobprocessor.application.port.Clock;
import java.time.Instant;

/** Bad: the domain reaches outwards into the application's ports. */
public final class DomainUsingApplication {

    private DomainUsingApplication() {}

    public static Instant due(Clock clock) {
        return clock.now();
    }
}
