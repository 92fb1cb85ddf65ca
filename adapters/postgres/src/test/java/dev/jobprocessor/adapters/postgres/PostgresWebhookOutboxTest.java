package dev.jobprocessor.adapters.postgres;

import dev.jobprocessor.application.testing.WebhookOutboxContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresWebhookOutboxTest extends WebhookOutboxContract {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    @Override
    protected Store emptyStore() {
        SCHEMA.truncate();
        return new Store(
                new PostgresJobRepository(SCHEMA.dataSource()), new PostgresWebhookOutbox(SCHEMA.dataSource()));
    }
}
