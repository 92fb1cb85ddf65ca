package dev.jobprocessor.benchmarks;

import dev.jobprocessor.adapters.clock.SystemClock;
import dev.jobprocessor.adapters.postgres.PostgresJobRepository;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Claim latency as the history of finished jobs grows (issue 16: "claim p99 with 10 million finished rows kept stays
 * within 2× of an empty table"). For each count in {@code ROWS} it builds that history, then runs {@code RUNS}
 * rounds of {@link ClaimLatencyWorkload}, printing one {@code CLAIM} line per round and one with the medians; the
 * {@code RESULT} line compares the largest history with the smallest.
 */
public final class ClaimHistory {

    private ClaimHistory() {}

    record Medians(long rows, double singleP50, double singleP99, double batchP50) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        long[] rows = Arrays.stream(
                        env.getOrDefault("ROWS", "0 10000000").trim().split("[ ,]+"))
                .mapToLong(Long::parseLong)
                .toArray();
        int runs = Integer.parseInt(env.getOrDefault("RUNS", "3"));
        int batch = Integer.parseInt(env.getOrDefault("CONCURRENCY", "16"));
        try (BenchmarkDatabase database = BenchmarkDatabase.create(
                env.getOrDefault("PGHOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("PGPORT", "5432")),
                env.getOrDefault("PGUSER", "postgres"),
                4)) {
            System.out.printf(
                    Locale.ROOT,
                    "claim-history: database %s, PostgreSQL %s, shared_buffers=%s, ROWS=%s, RUNS=%d, java %s, %d"
                            + " cores%n",
                    database.name(),
                    database.setting("server_version"),
                    database.setting("shared_buffers"),
                    Arrays.toString(rows),
                    runs,
                    Runtime.version(),
                    Runtime.getRuntime().availableProcessors());
            ClaimLatencyWorkload workload = new ClaimLatencyWorkload(
                    database, new PostgresJobRepository(database.pool), new SystemClock(), new SecureRandom(), batch);
            workload.history(0);
            workload.measure(); // JIT and pool warm-up, not reported
            List<Medians> medians = new ArrayList<>();
            for (long count : rows) {
                long start = System.nanoTime();
                workload.history(count);
                System.out.printf(
                        Locale.ROOT,
                        "claim-history: %d completed rows inserted and vacuumed in %.0f s, table %s%n",
                        count,
                        (System.nanoTime() - start) / 1e9,
                        database.text("SELECT pg_size_pretty(pg_total_relation_size('jobs'))"));
                double[] singleP50 = new double[runs];
                double[] singleP99 = new double[runs];
                double[] batchP50 = new double[runs];
                for (int run = 0; run < runs; run++) {
                    ClaimLatencyWorkload.Latency latency = workload.measure();
                    singleP50[run] = latency.single().percentileMillis(50);
                    singleP99[run] = latency.single().percentileMillis(99);
                    batchP50[run] = latency.batch().percentileMillis(50);
                    System.out.printf(
                            Locale.ROOT,
                            "CLAIM rows=%d run=%d limit1_p50_ms=%.2f limit1_p99_ms=%.2f limit%d_p50_ms=%.2f%n",
                            count,
                            run + 1,
                            singleP50[run],
                            singleP99[run],
                            batch,
                            batchP50[run]);
                }
                Medians median = new Medians(count, median(singleP50), median(singleP99), median(batchP50));
                medians.add(median);
                System.out.printf(
                        Locale.ROOT,
                        "CLAIM rows=%d median limit1_p50_ms=%.2f limit1_p99_ms=%.2f limit%d_p50_ms=%.2f%n",
                        count,
                        median.singleP50(),
                        median.singleP99(),
                        batch,
                        median.batchP50());
            }
            Medians smallest = medians.getFirst();
            Medians largest = medians.getLast();
            System.out.printf(
                    Locale.ROOT,
                    "RESULT claim-history rows=%d baseline_rows=%d limit1_p99_ms=%.2f baseline_limit1_p99_ms=%.2f"
                            + " p99_ratio=%.2f p50_ratio=%.2f%n",
                    largest.rows(),
                    smallest.rows(),
                    largest.singleP99(),
                    smallest.singleP99(),
                    largest.singleP99() / smallest.singleP99(),
                    largest.singleP50() / smallest.singleP50());
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
