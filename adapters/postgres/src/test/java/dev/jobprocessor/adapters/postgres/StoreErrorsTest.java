package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.application.port.StoreUnavailableException;
import java.io.EOFException;
import java.sql.SQLException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

class StoreErrorsTest {

    private static void fail(Throwable cause) {
        StoreErrors.translate(() -> {
            throw new DataAccessException("SQL [select 1]", cause);
        });
    }

    @Test
    void aReadOnlyServerAndALostConnectionAreUnavailableAndSayWhy() {
        assertThatThrownBy(() -> fail(new SQLException("cannot execute INSERT in a read-only transaction", "25006")))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("the job store is unavailable: cannot execute INSERT in a read-only transaction");
        // A socket closed under the driver: the innermost cause has no message, so its class says what happened.
        assertThatThrownBy(() -> fail(new SQLException("An I/O error occurred", "08006", new EOFException())))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("the job store is unavailable: java.io.EOFException");
    }

    @Test
    void anyOtherErrorPassesAsItIs() {
        assertThatThrownBy(() -> fail(new SQLException("duplicate key", "23505")))
                .isInstanceOf(DataAccessException.class)
                .isNotInstanceOf(StoreUnavailableException.class);
    }
}
