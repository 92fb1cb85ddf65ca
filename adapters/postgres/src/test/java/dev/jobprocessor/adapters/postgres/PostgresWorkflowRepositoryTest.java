package dev.jobprocessor.adapters.postgres;

import dev.jobprocessor.application.testing.WorkflowRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresWorkflowRepositoryTest extends WorkflowRepositoryContract {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    @Override
    protected Store emptyStore() {
        SCHEMA.truncate();
        return new Store(
                new PostgresJobRepository(SCHEMA.dataSource()),
                new PostgresWorkflowRepository(SCHEMA.dataSource()),
                new PostgresJobPurger(SCHEMA.dataSource()));
    }
}
