package dev.jobprocessor.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobprocessor.adapters.clock.SystemClock;
import dev.jobprocessor.adapters.postgres.ConnectionPool;
import dev.jobprocessor.adapters.postgres.DatabaseSettings;
import dev.jobprocessor.adapters.postgres.PostgresJobRepository;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * The other process of the library pickup workload: submits jobs through the library ({@code SubmitJob} on the
 * PostgreSQL adapter), as an application embedding it would, while the benchmark's worker waits in its own process.
 * This is the path the peers' pickup latency is measured on: jobs added from another connection, not over HTTP.
 *
 * <p>Arguments: JDBC URL, user, count. It first submits {@value #WARM_UP} jobs to a queue nobody serves (so its JIT is
 * warm), prints {@code ready}, waits for a line on standard input, then submits {@code count} no-op jobs to
 * {@code default} one at a time, 20 ms apart, each carrying its submit time, and prints {@code done}.
 */
public final class LibrarySubmitter {

    static final int WARM_UP = 2_000;

    private LibrarySubmitter() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        int count = Integer.parseInt(args[2]);
        try (HikariDataSource pool =
                ConnectionPool.create(DatabaseSettings.of(url, user, null).withMaxPoolSize(2), "library-submitter")) {
            SubmitJob submit = new SubmitJob(new PostgresJobRepository(pool), new SystemClock(), new SecureRandom());
            for (int i = 0; i < WARM_UP; i++) {
                submit.submit(JobRequest.ofType("noop").withQueue("warm-up"));
            }
            System.out.println("ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            for (int i = 0; i < count; i++) {
                String payload = "{\"submitted_at\":\"" + Instant.now() + "\"}";
                submit.submit(JobRequest.ofType("noop").withPayload(new Json(payload)));
                Thread.sleep(20);
            }
            System.out.println("done");
            System.out.flush();
        }
    }
}
