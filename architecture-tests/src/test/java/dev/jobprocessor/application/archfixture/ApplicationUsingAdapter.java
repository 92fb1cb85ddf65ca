package dev.jobprocessor.application.archfixture;

import dev.jobprocessor.adapters.memory.InMemoryJobRepository;
import dev.jobprocessor.application.port.JobRepository;
import java.util.SplittableRandom;

/** Bad: a use case builds an adapter itself instead of receiving the port. */
public final class ApplicationUsingAdapter {

    private ApplicationUsingAdapter() {}

    public static JobRepository repository() {
        return new InMemoryJobRepository(new SplittableRandom(1));
    }
}
