package dev.jobprocessor.benchmarks;

import java.io.IOException;
import java.util.List;

/**
 * The ceiling of a single submit: the service's own INSERT of one job ({@code pgbench-submit.sql}), one per
 * transaction, run by {@code pgbench} with as many clients as the HTTP workload, against the benchmark's database in
 * the same run. What the HTTP endpoint adds to it is the ratio the benchmark reports.
 */
final class PgbenchInsert {

    private PgbenchInsert() {}

    /** Inserts per second with {@code clients} clients for {@code seconds}; the rows it inserted are left in place. */
    static double rate(BenchmarkDatabase database, int clients, int seconds) throws IOException, InterruptedException {
        return Pgbench.run(
                database,
                List.of("-c", Integer.toString(clients), "-T", Integer.toString(seconds)),
                List.of("pgbench-submit.sql"));
    }
}
