package dev.jobprocessor.application.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.application.port.TableHealth;
import dev.jobprocessor.application.port.TableHealth.OpenTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OldTransactionWarningsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final OldTransactionWarnings warnings = OldTransactionWarnings.atLeast(Duration.ofSeconds(300));

    /** A reading at {@code T0 + at} whose oldest transaction, of session {@code pid}, began at {@code T0 + began}. */
    private static TableHealth reading(Duration at, int pid, Duration began, boolean holdsBackVacuum) {
        return new TableHealth(
                T0.plus(at),
                1_000,
                10,
                81_920,
                16_384,
                Optional.empty(),
                Optional.empty(),
                0,
                Optional.of(
                        new OpenTransaction(pid, T0.plus(began), "idle in transaction", "reporting", holdsBackVacuum)));
    }

    private static TableHealth reading(Duration at, int pid, Duration began) {
        return reading(at, pid, began, true);
    }

    private static TableHealth noTransaction(Duration at) {
        return new TableHealth(
                T0.plus(at), 0, 0, 8_192, 8_192, Optional.empty(), Optional.empty(), 0, Optional.empty());
    }

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void warnsOnceATransactionReachesTheThresholdNamingItsSession() {
        assertThat(warnings.check(reading(s(299), 42, s(0))))
                .as("younger than the threshold")
                .isEmpty();

        Optional<String> warning = warnings.check(reading(s(300), 42, s(0)));

        assertThat(warning)
                .hasValue("a transaction has been open for 300 s (threshold 300 s): pid 42, state \"idle in"
                        + " transaction\", application \"reporting\", holding back vacuum: dead row versions of the"
                        + " jobs table pile up until it ends; end it, or bound such sessions with"
                        + " idle_in_transaction_session_timeout (docs/PERSISTENCE.md, \"Table health\")");
        assertThat(warning.orElseThrow()).doesNotContain("\n");
    }

    @Test
    void saysSoWhenTheSessionHoldsBackNoVacuumRightNow() {
        assertThat(warnings.check(reading(s(400), 42, s(0), false)))
                .hasValueSatisfying(w -> assertThat(w).contains("holding no snapshot right now"));
    }

    @Test
    void repeatsForTheSameSessionAtMostOnceAMinute() {
        assertThat(warnings.check(reading(s(300), 42, s(0)))).isPresent();
        assertThat(warnings.check(reading(s(305), 42, s(0)))).isEmpty();
        assertThat(warnings.check(reading(s(359), 42, s(0)))).isEmpty();

        assertThat(warnings.check(reading(s(360), 42, s(0))))
                .hasValueSatisfying(w -> assertThat(w).startsWith("a transaction has been open for 360 s"));
        assertThat(warnings.check(reading(s(365), 42, s(0)))).isEmpty();
    }

    @Test
    void anotherSessionIsWarnedAboutAtOnce() {
        assertThat(warnings.check(reading(s(300), 42, s(0)))).isPresent();

        assertThat(warnings.check(reading(s(310), 43, s(5))))
                .hasValueSatisfying(w -> assertThat(w).contains("pid 43"));
        assertThat(warnings.check(reading(s(320), 42, s(0))))
                .as("42 was warned about 20 s ago")
                .isEmpty();
    }

    @Test
    void noOpenTransactionNoWarning() {
        assertThat(warnings.check(noTransaction(s(1_000)))).isEmpty();
    }

    @Test
    void aZeroThresholdTurnsTheWarningsOff() {
        OldTransactionWarnings off = OldTransactionWarnings.atLeast(Duration.ZERO);

        assertThat(off.enabled()).isFalse();
        assertThat(off.check(reading(s(86_400), 42, s(0)))).isEmpty();
        assertThat(warnings.enabled()).isTrue();
    }

    @Test
    void refusesANegativeThresholdOrRepeat() {
        assertThatThrownBy(() -> new OldTransactionWarnings(Duration.ofSeconds(-1), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OldTransactionWarnings(Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
