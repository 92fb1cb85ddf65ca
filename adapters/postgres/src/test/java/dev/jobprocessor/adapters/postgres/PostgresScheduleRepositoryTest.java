package dev.jobprocessor.adapters.postgres;

import dev.jobprocessor.application.testing.ScheduleRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresScheduleRepositoryTest extends ScheduleRepositoryContract {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    @Override
    protected Store emptyStore() {
        SCHEMA.truncate();
        return new Store(
                new PostgresJobRepository(SCHEMA.dataSource()), new PostgresScheduleRepository(SCHEMA.dataSource()));
    }
}
