package dev.jobprocessor.adapters.memory;

import dev.jobprocessor.application.testing.QueueRepositoryContract;
import java.util.Random;

class InMemoryQueueRepositoryTest extends QueueRepositoryContract {

    @Override
    protected Store emptyStore() {
        InMemoryJobRepository store = new InMemoryJobRepository(new Random(7));
        return new Store(store, store);
    }
}
