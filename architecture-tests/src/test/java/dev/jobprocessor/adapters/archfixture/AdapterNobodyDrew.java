package dev.jobprocessor.adapters.archfixture;

import dev.jobprocessor.application.port.Clock;
import java.time.Instant;

/**
 * Bad: a class in a package docs/architecture.puml does not draw, as a new adapter would be before anyone adds it to
 * the diagram. What it depends on is harmless; that no component holds it is the violation.
 */
public final class AdapterNobodyDrew implements Clock {

    @Override
    public Instant now() {
        return Instant.EPOCH;
    }
}
