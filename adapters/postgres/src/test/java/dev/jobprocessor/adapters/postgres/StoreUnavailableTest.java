package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobQuery;
import dev.jobprocessor.application.port.StoreUnavailableException;
import dev.jobprocessor.application.testing.SettableClock;
import dev.jobprocessor.application.testing.Submissions;
import dev.jobprocessor.domain.JobId;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With no server behind the URL, every method reports a typed, retryable "store unavailable", never a raw error. */
class StoreUnavailableTest {

    private static HikariDataSource pool;
    private static PostgresJobRepository repository;
    private final SettableClock clock = new SettableClock();

    @BeforeAll
    static void pointAtAPortNobodyListensOn() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DatabaseSettings settings = new DatabaseSettings(
                "jdbc:postgresql://127.0.0.1:" + port + "/jobs?connectTimeout=1",
                "postgres",
                null,
                2,
                Duration.ofMillis(500),
                null);
        pool = ConnectionPool.create(settings, "unreachable");
        repository = new PostgresJobRepository(pool);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void everyOperationSaysTheStoreIsUnavailable() {
        JobId id = JobId.newId(clock.now(), new Random(1));
        List<Runnable> operations = List.of(
                () -> repository.enqueue(List.of(new Submissions(1).ofType("noop", clock.now()))),
                () -> repository.find(id),
                () -> repository.list(JobQuery.firstPage(10)),
                () -> repository.claim(
                        new ClaimRequest("w", List.of("default"), Set.of(), 1, Duration.ofSeconds(30), clock.now())),
                () -> repository.apply(List.of(new JobChange(id, job -> job.cancelling(clock.now())))),
                () -> repository.findExpiredLeases(clock.now(), 10));

        for (Runnable operation : operations) {
            assertThatThrownBy(operation::run)
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageStartingWith("the job store is unavailable");
        }
    }
}
