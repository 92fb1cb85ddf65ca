package dev.jobprocessor.adapters.memory;

import dev.jobprocessor.application.testing.ScheduleRepositoryContract;
import java.util.Random;

class InMemoryScheduleRepositoryTest extends ScheduleRepositoryContract {

    @Override
    protected Store emptyStore() {
        InMemoryJobRepository jobs = new InMemoryJobRepository(new Random(11));
        return new Store(jobs, new InMemoryScheduleRepository(jobs, clock));
    }
}
