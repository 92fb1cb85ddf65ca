package dev.jobprocessor.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ceiling of a single submit: the service's own INSERT of one job ({@code pgbench-submit.sql}), one per
 * transaction, run by {@code pgbench} with as many clients as the HTTP workload, against the benchmark's database in
 * the same run. What the HTTP endpoint adds to it is the ratio the benchmark reports.
 */
final class PgbenchInsert {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private PgbenchInsert() {}

    /** Inserts per second with {@code clients} clients for {@code seconds}; the rows it inserted are left in place. */
    static double rate(String host, int port, String user, String database, int clients, int seconds)
            throws IOException, InterruptedException {
        Path script = Files.createTempFile("pgbench-submit", ".sql");
        try (InputStream text = PgbenchInsert.class.getResourceAsStream("/pgbench-submit.sql")) {
            Files.write(script, text.readAllBytes());
            Process pgbench = new ProcessBuilder(List.of(
                            "pgbench",
                            "-h",
                            host,
                            "-p",
                            Integer.toString(port),
                            "-U",
                            user,
                            "-n",
                            "-M",
                            "prepared",
                            "-c",
                            Integer.toString(clients),
                            "-j",
                            "2",
                            "-T",
                            Integer.toString(seconds),
                            "-f",
                            script.toString(),
                            database))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(pgbench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (pgbench.waitFor() != 0) {
                throw new IllegalStateException("pgbench failed: " + output);
            }
            Matcher tps = TPS.matcher(output);
            if (!tps.find()) {
                throw new IllegalStateException("pgbench printed no rate: " + output);
            }
            return Double.parseDouble(tps.group(1));
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
