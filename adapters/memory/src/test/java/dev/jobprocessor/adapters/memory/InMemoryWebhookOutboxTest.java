package dev.jobprocessor.adapters.memory;

import dev.jobprocessor.application.testing.WebhookOutboxContract;
import java.util.Random;

class InMemoryWebhookOutboxTest extends WebhookOutboxContract {

    @Override
    protected Store emptyStore() {
        InMemoryJobRepository store = new InMemoryJobRepository(new Random(23));
        return new Store(store, store);
    }
}
