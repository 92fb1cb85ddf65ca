package dev.jobprocessor.application.port;

import java.util.List;

/**
 * What a running attempt can ask its worker besides its job: whether an operator asked it to stop, and the jobs it
 * depends on with their results (docs/WORKFLOWS.md), read from the store when first asked.
 */
public interface JobContext extends CancelSignal {

    /** The jobs this job depends on, in the order its submit named them, with their states and results now. */
    List<Dependency> dependencies();

    /** A context for running a handler outside a worker (tests, a script): never cancelled, the given parents. */
    static JobContext of(List<Dependency> dependencies) {
        List<Dependency> parents = List.copyOf(dependencies);
        return new JobContext() {
            @Override
            public boolean isCancelRequested() {
                return false;
            }

            @Override
            public List<Dependency> dependencies() {
                return parents;
            }
        };
    }
}
