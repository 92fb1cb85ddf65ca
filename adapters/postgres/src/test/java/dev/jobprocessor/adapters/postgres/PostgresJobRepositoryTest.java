package dev.jobprocessor.adapters.postgres;

import dev.jobprocessor.application.port.JobPurger;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.StatisticsReader;
import dev.jobprocessor.application.testing.JobRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL adapter against the shared repository contract, on a real server. */
class PostgresJobRepositoryTest extends JobRepositoryContract {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    @Override
    protected JobRepository emptyRepository() {
        SCHEMA.truncate();
        return new PostgresJobRepository(SCHEMA.dataSource());
    }

    @Override
    protected StatisticsReader statisticsOf(JobRepository repository) {
        return new PostgresStatisticsReader(SCHEMA.dataSource());
    }

    @Override
    protected JobPurger purgerOf(JobRepository repository) {
        return new PostgresJobPurger(SCHEMA.dataSource());
    }
}
