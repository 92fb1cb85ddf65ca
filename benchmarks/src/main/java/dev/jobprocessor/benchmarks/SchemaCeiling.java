package dev.jobprocessor.benchmarks;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/**
 * The drain's ceiling on the service's own schema, with no JVM taking a share of the machine: the jobs of workload A
 * (a backlog of N no-op jobs, vacuumed and analysed as the drain finds them) drained by {@code pgbench} with the
 * service's statements in their shape ({@code pgbench-work.sql}: claim {@value #BATCH} with the {@code FOR UPDATE SKIP
 * LOCKED} CTE feeding the {@code UPDATE}, every column returned, then complete them), {@value #CLIENTS} clients (the
 * service's drain has two pipelines, claims and completions), each statement auto-committed and durable. Beside
 * workload A of the same run it shows what the service's process costs on top of its SQL.
 */
final class SchemaCeiling {

    static final int BATCH = 100;
    static final int CLIENTS = 2;

    private SchemaCeiling() {}

    /** Jobs drained per second from a backlog of about {@code jobs}; the database is reset before and after. */
    static double rate(BenchmarkDatabase database, int jobs) throws IOException, InterruptedException, SQLException {
        int perClient = Math.max(1, jobs / (BATCH * CLIENTS));
        int backlog = perClient * BATCH * CLIENTS;
        database.reset();
        database.execute("INSERT INTO jobs (id, type, queue, payload, priority, state, attempts, max_attempts, run_at,"
                + " timeout_seconds, errors, created_at, updated_at, snoozes) SELECT gen_random_uuid(), 'noop',"
                + " 'default', '{}', 5, 'pending', 0, 5, now(), 300, '[]', now(), now(), 0"
                + " FROM generate_series(1, " + backlog + ")");
        database.execute("VACUUM ANALYZE jobs");
        // Each transaction claims a full batch while the backlog lasts, so transactions per second times the batch
        // are jobs per second; checked below.
        double transactions = Pgbench.run(
                database,
                List.of("-c", Integer.toString(CLIENTS), "-t", Integer.toString(perClient)),
                List.of("pgbench-work.sql"));
        long completed = database.count("SELECT count(*) FROM jobs WHERE state = 'completed'");
        database.reset();
        if (completed != backlog) {
            throw new IllegalStateException(
                    "the ceiling's pgbench completed " + completed + " of " + backlog + " jobs");
        }
        return transactions * BATCH;
    }
}
