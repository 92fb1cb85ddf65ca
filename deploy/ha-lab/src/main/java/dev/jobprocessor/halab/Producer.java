package dev.jobprocessor.halab;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Submits {@code ledger} jobs at a fixed rate, each with an idempotency key of its own, until the file {@code stop}
 * appears in its directory; then finishes the submits still being retried and writes what it saw.
 *
 * <p>A submit is retried with the same key after a {@code 503}, any other 5xx, or no answer at all (a refused or
 * reset connection, a time-out), 250 ms apart, until the service acknowledges it: so a submit whose commit happened
 * but whose answer was lost is answered the second time with the same job ({@code 200}), and the log of
 * acknowledgements ({@code acknowledged.log}) holds exactly the jobs the service promised to run. Meanwhile it asks
 * {@code GET /ready} five times a second and adds up how long the answer was not {@code 200}.
 *
 * <p>Usage: {@code Producer <api url> <jobs per second> <directory>}.
 */
public final class Producer {

    private static final Pattern JOB_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration RETRY_PAUSE = Duration.ofMillis(250);
    /** Requests in flight at most, so that an outage's backlog does not open thousands of connections. */
    private static final int IN_FLIGHT = 64;
    /** How long submits still unacknowledged at the stop are retried before they are given up. */
    private static final Duration FINISH_LIMIT = Duration.ofSeconds(180);

    private final URI api;
    private final int perSecond;
    private final Path directory;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final ConcurrentLinkedQueue<Long> acknowledgedAt = new ConcurrentLinkedQueue<>();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong ioErrors = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong notReadyMillis = new AtomicLong();
    private final BufferedWriter acknowledgements;
    private volatile boolean stopping;

    private Producer(URI api, int perSecond, Path directory) throws IOException {
        this.api = api;
        this.perSecond = perSecond;
        this.directory = directory;
        this.acknowledgements = Files.newBufferedWriter(directory.resolve("acknowledged.log"), StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Producer <api url> <jobs per second> <directory>");
            System.exit(2);
        }
        Producer producer = new Producer(URI.create(args[0]), Integer.parseInt(args[1]), Path.of(args[2]));
        ProducerCounts counts = producer.run();
        counts.write(producer.directory.resolve("producer.counts"));
        System.out.println("producer: " + counts);
    }

    private ProducerCounts run() throws InterruptedException {
        long started = System.currentTimeMillis();
        Thread readiness = Thread.ofVirtual().start(this::watchReadiness);
        List<Thread> submits = new ArrayList<>();
        long tickNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long next = System.nanoTime();
        for (long n = 1; !Files.exists(directory.resolve("stop")); n++) {
            String key = "proof-" + started + "-" + n;
            submits.add(Thread.ofVirtual().start(() -> submitUntilAcknowledged(key)));
            next += tickNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
        long deadline = System.nanoTime() + FINISH_LIMIT.toNanos();
        for (Thread submit : submits) {
            submit.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        stopping = true;
        readiness.join();
        for (Thread submit : submits) {
            submit.join();
        }
        synchronized (acknowledgements) {
            try {
                acknowledgements.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ProducerCounts(
                acknowledgedAt.size(),
                unavailable.get(),
                serverErrors.get(),
                ioErrors.get(),
                rejected.get(),
                submits.size() - acknowledgedAt.size() - rejected.get(),
                longestGap(started),
                notReadyMillis.get());
    }

    private void submitUntilAcknowledged(String key) {
        HttpRequest request = HttpRequest.newBuilder(api.resolve("/jobs"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"ledger\",\"idempotency_key\":\"" + key + "\"}"))
                .build();
        while (!stopping) {
            HttpResponse<String> response;
            try {
                inFlight.acquire();
                try {
                    response = http.send(request, HttpResponse.BodyHandlers.ofString());
                } finally {
                    inFlight.release();
                }
            } catch (IOException e) {
                ioErrors.incrementAndGet();
                pause();
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            int status = response.statusCode();
            if (status == 200 || status == 201) {
                acknowledged(key, response.body());
                return;
            }
            if (status == 503) {
                unavailable.incrementAndGet();
            } else if (status >= 500) {
                serverErrors.incrementAndGet();
                System.err.println("producer: " + status + " for " + key + ": " + response.body());
            } else {
                rejected.incrementAndGet();
                System.err.println("producer: " + status + " for " + key + ", given up: " + response.body());
                return;
            }
            pause();
        }
    }

    private void acknowledged(String key, String body) {
        long at = System.currentTimeMillis();
        Matcher id = JOB_ID.matcher(body);
        if (!id.find()) {
            throw new IllegalStateException("an acknowledgement without a job id: " + body);
        }
        acknowledgedAt.add(at);
        synchronized (acknowledgements) {
            try {
                acknowledgements.write(new Acknowledgement(key, id.group(1), at).line());
                acknowledgements.newLine();
                acknowledgements.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void watchReadiness() {
        HttpRequest ready = HttpRequest.newBuilder(api.resolve("/ready"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        long last = System.nanoTime();
        boolean wasReady = true;
        while (!stopping) {
            boolean isReady;
            try {
                isReady =
                        http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                isReady = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = System.nanoTime();
            if (!wasReady || !isReady) {
                // An interval is counted as not ready when either end of it saw the service not ready.
                notReadyMillis.addAndGet(TimeUnit.NANOSECONDS.toMillis(now - last));
            }
            wasReady = isReady;
            last = now;
            sleep(Duration.ofMillis(200));
        }
    }

    /** The longest time without an acknowledgement, from the first submit to the last acknowledgement. */
    private long longestGap(long started) {
        List<Long> times = new ArrayList<>(acknowledgedAt);
        Collections.sort(times);
        long longest = 0;
        long previous = started;
        for (long time : times) {
            longest = Math.max(longest, time - previous);
            previous = time;
        }
        return longest;
    }

    private static void pause() {
        sleep(RETRY_PAUSE);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
