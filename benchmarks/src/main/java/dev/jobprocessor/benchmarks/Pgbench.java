package dev.jobprocessor.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code pgbench} against the benchmark's database with scripts from this jar's resources: what the service's
 * statements cost with no JVM in the way, measured in the same run as the service ({@link PgbenchInsert},
 * {@link SchemaCeiling}).
 */
final class Pgbench {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private Pgbench() {}

    /**
     * Runs the resources {@code scripts} (each with weight 1, so every client picks one at random per transaction),
     * prepared, on two threads, with {@code options} (clients, duration or transactions); returns pgbench's
     * transactions per second.
     */
    static double run(BenchmarkDatabase database, List<String> options, List<String> scripts)
            throws IOException, InterruptedException {
        List<Path> files = new ArrayList<>();
        try {
            List<String> command = new ArrayList<>(List.of(
                    "pgbench",
                    "-h",
                    database.host(),
                    "-p",
                    Integer.toString(database.port()),
                    "-U",
                    database.user(),
                    "-n",
                    "-M",
                    "prepared",
                    "-j",
                    "2"));
            command.addAll(options);
            for (String script : scripts) {
                Path file = Files.createTempFile("pgbench-", ".sql");
                files.add(file);
                try (InputStream text = Pgbench.class.getResourceAsStream("/" + script)) {
                    Files.write(file, text.readAllBytes());
                }
                command.addAll(List.of("-f", file + "@1"));
            }
            command.add(database.name());
            Process pgbench =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
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
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }
}
