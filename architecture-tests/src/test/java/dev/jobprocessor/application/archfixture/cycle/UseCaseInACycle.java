package dev.jobprocessor.application.archfixture.cycle;

import dev.jobprocessor.application.archfixture.cycle.port.PortInACycle;

/** Half of a package cycle: a use case that uses its port, as it should. */
public final class UseCaseInACycle {

    private final PortInACycle port;

    public UseCaseInACycle(PortInACycle port) {
        this.port = port;
    }

    public String run() {
        return port.store(this);
    }
}
