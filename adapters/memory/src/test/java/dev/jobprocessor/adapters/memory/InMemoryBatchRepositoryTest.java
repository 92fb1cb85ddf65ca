package dev.jobprocessor.adapters.memory;

import dev.jobprocessor.application.testing.BatchRepositoryContract;
import java.util.Random;

class InMemoryBatchRepositoryTest extends BatchRepositoryContract {

    @Override
    protected Store emptyStore() {
        InMemoryJobRepository store = new InMemoryJobRepository(new Random(19));
        return new Store(store, store);
    }
}
