package dev.jobprocessor.application.archfixture.cycle.port;

import dev.jobprocessor.application.archfixture.cycle.UseCaseInACycle;

/** The other half of the cycle. Bad: the port knows the use case that calls it. */
public interface PortInACycle {

    String store(UseCaseInACycle caller);
}
