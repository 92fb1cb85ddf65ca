package dev.jobprocessor.adapters.postgres;

import dev.jobprocessor.application.testing.BatchRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresBatchRepositoryTest extends BatchRepositoryContract {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    @Override
    protected Store emptyStore() {
        SCHEMA.truncate();
        return new Store(
                new PostgresJobRepository(SCHEMA.dataSource()), new PostgresBatchRepository(SCHEMA.dataSource()));
    }
}
