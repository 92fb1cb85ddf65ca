package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.SQLExceptionOverride.Override;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LostServerEvictionTest {

    @ParameterizedTest
    @ValueSource(strings = {"25006", "08006", "08001", "08003", "57P01", "57P02", "57P03"})
    void aLostServerRetiresEveryConnection(String state) {
        AtomicInteger evictions = new AtomicInteger();

        Override verdict = new LostServerEviction(evictions::incrementAndGet).adjudicate(new SQLException("x", state));

        assertThat(verdict).isEqualTo(Override.MUST_EVICT);
        assertThat(evictions).hasValue(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "40001", "57014", "53300", "42P01"})
    void anyOtherErrorLeavesThePoolToHikari(String state) {
        AtomicInteger evictions = new AtomicInteger();

        Override verdict = new LostServerEviction(evictions::incrementAndGet).adjudicate(new SQLException("x", state));

        assertThat(verdict).isEqualTo(Override.CONTINUE_EVICT);
        assertThat(evictions).hasValue(0);
    }
}
