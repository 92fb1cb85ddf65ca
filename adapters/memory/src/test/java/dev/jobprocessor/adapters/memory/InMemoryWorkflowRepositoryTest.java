package dev.jobprocessor.adapters.memory;

import dev.jobprocessor.application.testing.WorkflowRepositoryContract;
import java.util.Random;

class InMemoryWorkflowRepositoryTest extends WorkflowRepositoryContract {

    @Override
    protected Store emptyStore() {
        InMemoryJobRepository store = new InMemoryJobRepository(new Random(13));
        return new Store(store, store, store);
    }
}
