package dev.jobprocessor.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.port.JobPurger;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.StatisticsReader;
import dev.jobprocessor.application.testing.JobRepositoryContract;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The in-memory adapter against the shared repository contract. */
class InMemoryJobRepositoryTest extends JobRepositoryContract {

    @Override
    protected JobRepository emptyRepository() {
        return new InMemoryJobRepository(new Random(11));
    }

    @Override
    protected StatisticsReader statisticsOf(JobRepository repository) {
        return (InMemoryJobRepository) repository;
    }

    @Override
    protected JobPurger purgerOf(JobRepository repository) {
        return (InMemoryJobRepository) repository;
    }

    @Test
    void hasNoTableHealthToReport() {
        enqueue("noop");

        assertThat(statistics.tableHealth())
                .as("a map has no table to be healthy")
                .isEmpty();
    }
}
