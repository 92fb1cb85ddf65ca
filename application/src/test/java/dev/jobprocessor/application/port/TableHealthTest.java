package dev.jobprocessor.application.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.application.port.TableHealth.OpenTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableHealthTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static TableHealth health(Optional<Instant> lastAutovacuum, Optional<OpenTransaction> oldest) {
        return new TableHealth(NOW, 10, 2, 8_192, 0, Optional.empty(), lastAutovacuum, 1, oldest);
    }

    @Test
    void agesAreMeasuredAtTheReadingOnTheDatabasesClock() {
        OpenTransaction open = new OpenTransaction(7, NOW.minusMillis(1_500), "active", "", false);
        TableHealth health = health(Optional.of(NOW.minusSeconds(90)), Optional.of(open));

        assertThat(health.sinceAutovacuum()).hasValue(Duration.ofSeconds(90));
        assertThat(health.oldestTransactionAge()).isEqualTo(Duration.ofMillis(1_500));
    }

    @Test
    void neverAutovacuumedAndNothingOpenReadAsEmptyAndZero() {
        TableHealth health = health(Optional.empty(), Optional.empty());

        assertThat(health.sinceAutovacuum()).isEmpty();
        assertThat(health.oldestTransactionAge()).isZero();
    }

    @Test
    void aTimeAheadOfTheReadingCountsAsNoAgeAtAll() {
        OpenTransaction justNow = new OpenTransaction(7, NOW.plusMillis(3), "active", "", true);

        assertThat(health(Optional.of(NOW.plusMillis(2)), Optional.of(justNow)).sinceAutovacuum())
                .hasValue(Duration.ZERO);
        assertThat(justNow.age(NOW)).isZero();
    }

    @Test
    void refusesNegativeFigures() {
        assertThatThrownBy(() ->
                        new TableHealth(NOW, -1, 0, 0, 0, Optional.empty(), Optional.empty(), 0, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        new TableHealth(NOW, 0, 0, 0, 0, Optional.empty(), Optional.empty(), -1, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
