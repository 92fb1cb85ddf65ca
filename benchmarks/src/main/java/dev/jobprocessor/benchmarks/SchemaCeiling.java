package dev.jobprocessor.benchmarks;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/**
 * The drain's ceiling on the service's own schema: the reference SQL-only limit's shape (pgbench, half producers
 * inserting {@value #BATCH} jobs per transaction, half workers claiming {@value #BATCH} and completing them, completed
 * rows kept) with the service's statements ({@code pgbench-produce.sql}, {@code pgbench-work.sql}) on the service's
 * table, its indexes, checks and triggers, with no JVM taking a share of the machine. Beside the reference limit, run
 * in the same sitting, it shows what the schema costs; beside workload A, what the service's own process costs.
 */
final class SchemaCeiling {

    static final int BATCH = 100;
    static final int CLIENTS = 8;
    static final int SECONDS = 20;

    private SchemaCeiling() {}

    /** Jobs completed per second; the database is reset before and after. */
    static double rate(BenchmarkDatabase database) throws IOException, InterruptedException, SQLException {
        database.reset();
        // The scripts inline the batch: a bound LIMIT gets a generic plan that cannot see it (BENCHMARKS.md, finding
        // 1).
        Pgbench.run(database, CLIENTS, SECONDS, List.of("pgbench-produce.sql", "pgbench-work.sql"));
        long completed = database.count("SELECT count(*) FROM jobs WHERE state = 'completed'");
        database.reset();
        return (double) completed / SECONDS;
    }
}
