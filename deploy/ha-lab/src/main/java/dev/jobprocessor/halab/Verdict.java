package dev.jobprocessor.halab;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Waits until every acknowledged job has run, or until the service has had nothing pending or running for
 * {@link #SETTLED} (whatever has not run by then never will), or until a deadline; then asks the service for every
 * acknowledged job (one that ran on a primary whose commits were lost with it is gone: lost as well), counts, prints
 * the {@code RESULT} line and exits 0 when the scenario passes, 1 when it does not.
 *
 * <p>Usage: {@code Verdict <scenario> <directory> <api url> <restarts> <nothing-lost|loss-detected> <max duplicates>
 * <seconds to wait>}. The directory holds the producer's {@code acknowledged.log} and {@code producer.counts} and the
 * workers' ledgers, {@code ledger-*}.
 */
public final class Verdict {

    private static final Duration SETTLED = Duration.ofSeconds(10);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private Verdict() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: Verdict <scenario> <directory> <api url> <restarts>"
                    + " <nothing-lost|loss-detected> <max duplicates> <seconds to wait>");
            System.exit(2);
        }
        String scenario = args[0];
        Path directory = Path.of(args[1]);
        URI api = URI.create(args[2]);
        int restarts = Integer.parseInt(args[3]);
        Expectation expectation =
                Expectation.valueOf(args[4].toUpperCase(Locale.ROOT).replace('-', '_'));
        int maxDuplicates = Integer.parseInt(args[5]);
        Duration wait = Duration.ofSeconds(Long.parseLong(args[6]));

        List<Acknowledgement> acknowledgements = Files.readAllLines(directory.resolve("acknowledged.log")).stream()
                .filter(line -> !line.isBlank())
                .map(Acknowledgement::parse)
                .toList();
        waitForTheQueue(api, directory, acknowledgements, wait);
        Tally tally = Tally.of(acknowledgements, ledger(directory), unknownToTheService(api, acknowledgements));
        ProofResult result = new ProofResult(
                scenario, tally, ProducerCounts.read(directory.resolve("producer.counts")), restarts, maxDuplicates);

        System.out.println(result.line());
        if (!tally.duplicated().isEmpty()) {
            System.out.println("ran more than once: " + tally.duplicated());
        }
        if (tally.unacknowledged() > 0) {
            System.out.println("executions of jobs never acknowledged: " + tally.unacknowledged());
        }
        List<String> failures = result.failures(expectation);
        failures.forEach(failure -> System.out.println("FAILED: " + failure));
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    private static void waitForTheQueue(URI api, Path directory, List<Acknowledgement> acknowledgements, Duration wait)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        long idleSince = -1;
        while (true) {
            Tally tally = Tally.of(acknowledgements, ledger(directory));
            long now = System.nanoTime();
            if (tally.allRan() || now > deadline) {
                return;
            }
            if (!hasJobs(api, "pending") && !hasJobs(api, "running")) {
                idleSince = idleSince < 0 ? now : idleSince;
                if (now - idleSince > SETTLED.toNanos()) {
                    return;
                }
            } else {
                idleSince = -1;
            }
            Thread.sleep(1_000);
        }
    }

    /** The acknowledged jobs that {@code GET /jobs/{id}} answers {@code 404} for: their records are gone. */
    private static Set<String> unknownToTheService(URI api, List<Acknowledgement> acknowledgements)
            throws IOException, InterruptedException {
        Set<String> unknown = new HashSet<>();
        for (Acknowledgement acknowledgement : acknowledgements) {
            HttpRequest request = HttpRequest.newBuilder(api.resolve("/jobs/" + acknowledgement.jobId()))
                    .timeout(Duration.ofSeconds(10))
                    .GET()
                    .build();
            int status = 0;
            for (int attempt = 1; attempt <= 10 && status != 200 && status != 404; attempt++) {
                status = HTTP.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status != 200 && status != 404) {
                    Thread.sleep(1_000);
                }
            }
            if (status == 404) {
                unknown.add(acknowledgement.jobId());
            } else if (status != 200) {
                throw new IllegalStateException("GET /jobs/" + acknowledgement.jobId() + " answered " + status);
            }
        }
        return unknown;
    }

    private static boolean hasJobs(URI api, String state) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(api.resolve("/jobs?limit=1&state=" + state))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() != 200
                    || !response.body().replace(" ", "").contains("\"jobs\":[]");
        } catch (IOException e) {
            return true; // cannot tell: keep waiting
        }
    }

    private static List<String> ledger(Path directory) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("ledger-"))
                    .toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        return lines;
    }
}
