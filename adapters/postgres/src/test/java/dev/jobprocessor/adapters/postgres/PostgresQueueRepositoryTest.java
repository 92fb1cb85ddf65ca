package dev.jobprocessor.adapters.postgres;

import dev.jobprocessor.application.testing.QueueRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresQueueRepositoryTest extends QueueRepositoryContract {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    @Override
    protected Store emptyStore() {
        SCHEMA.truncate();
        PostgresJobRepository jobs = new PostgresJobRepository(SCHEMA.dataSource());
        return new Store(jobs, new PostgresQueueRepository(SCHEMA.dataSource(), jobs));
    }
}
