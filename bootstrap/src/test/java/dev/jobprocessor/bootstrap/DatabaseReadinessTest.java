package dev.jobprocessor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DatabaseReadinessTest {

    private final AtomicBoolean schemaWhole = new AtomicBoolean(true);
    private final AtomicInteger schemaChecks = new AtomicInteger();
    private final AtomicBoolean answering = new AtomicBoolean(true);
    private final AtomicLong now = new AtomicLong();
    private final DatabaseReadiness readiness = new DatabaseReadiness(
            () -> {
                schemaChecks.incrementAndGet();
                return schemaWhole.get();
            },
            answering::get,
            Duration.ofMinutes(1),
            now::get);

    @Test
    void checksTheSchemaFirstThenOnlyWhetherTheDatabaseAnswersUntilTheIntervalIsOver() {
        assertThat(readiness.getAsBoolean()).isTrue();
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        answering.set(false);

        assertThat(readiness.getAsBoolean())
                .as("a database that does not answer")
                .isFalse();
        assertThat(schemaChecks).hasValue(1);

        answering.set(true);
        schemaWhole.set(false);
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(readiness.getAsBoolean())
                .as("a minute on: the schema again, now behind")
                .isFalse();
        assertThat(schemaChecks).hasValue(2);
    }

    @Test
    void aSchemaFoundBehindIsCheckedAgainOnEveryCallUntilItIsWhole() {
        schemaWhole.set(false);
        assertThat(readiness.getAsBoolean()).isFalse();
        assertThat(readiness.getAsBoolean()).isFalse();
        schemaWhole.set(true);
        assertThat(readiness.getAsBoolean()).isTrue();

        assertThat(schemaChecks).hasValue(3);
    }
}
