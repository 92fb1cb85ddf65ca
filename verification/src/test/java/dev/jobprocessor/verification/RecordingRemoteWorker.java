package dev.jobprocessor.verification;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A remote worker in its own JVM, speaking the HTTP worker protocol (docs/SPEC.md §7.3). For every execution it records
 * the job id, its own name and the wall-clock start and end, so the suite can prove that no job ran twice and no two
 * executions of a job overlapped. Exits once no job has come for a few seconds.
 *
 * <p>Arguments: base URL, worker name, concurrency, output file; optionally the queue (default {@code default}) and how
 * long each execution takes in milliseconds (default 0: it completes at once), and the job type it leases (default
 * {@code record}).
 */
public final class RecordingRemoteWorker {

    private static final Duration IDLE_EXIT = Duration.ofSeconds(4);

    private RecordingRemoteWorker() {}

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String name = args[1];
        int concurrency = Integer.parseInt(args[2]);
        Path output = Path.of(args[3]);
        String queue = args.length > 4 ? args[4] : "default";
        long sleepMillis = args.length > 5 ? Long.parseLong(args[5]) : 0;
        String type = args.length > 6 ? args[6] : "record";
        Api api = new Api(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)));
        List<String> lines = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            threads.add(Thread.ofPlatform().start(() -> work(api, name, queue, type, sleepMillis, lines)));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        try (BufferedWriter writer = Files.newBufferedWriter(output)) {
            synchronized (lines) {
                for (String line : lines) {
                    writer.write(line);
                    writer.newLine();
                }
            }
        }
    }

    private static void work(Api api, String name, String queue, String type, long sleepMillis, List<String> lines) {
        long idleSince = System.nanoTime();
        while (System.nanoTime() - idleSince < IDLE_EXIT.toNanos()) {
            Api.Response leased = api.post(
                    "/leases",
                    "{\"worker_id\":\"" + name + "\",\"queues\":[\"" + queue + "\"],\"types\":[\"" + type + "\"],"
                            + "\"limit\":1,"
                            + "\"wait_seconds\":1}");
            if (leased.status() != 200 || leased.body().get("jobs").isEmpty()) {
                continue;
            }
            idleSince = System.nanoTime();
            for (JsonNode job : leased.body().get("jobs")) {
                Instant start = Instant.now();
                if (sleepMillis > 0) {
                    Api.pause(Duration.ofMillis(sleepMillis));
                } else {
                    Thread.onSpinWait();
                }
                Instant end = Instant.now();
                String id = job.get("id").asText();
                Api.Response done = api.post(
                        "/jobs/" + id + "/complete",
                        "{\"lease_token\":\"" + job.get("lease_token").asText() + "\",\"result\":{\"by\":\"" + name
                                + "\"}}");
                synchronized (lines) {
                    lines.add(id + "," + name + "," + micros(start) + "," + micros(end) + "," + done.status());
                }
            }
        }
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }
}
