package dev.jobprocessor.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.jobprocessor.client.worker.HandlerResult;
import dev.jobprocessor.client.worker.RemoteWorker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RemoteWorker} against the real jar over a real socket (docs/SPEC.md §7.3): each test leases from a queue of
 * its own, which the service's embedded worker does not serve.
 */
class RemoteWorkerTest {

    /** Stopping lets a lease request in flight finish: a short long poll keeps each test's stop quick. */
    private static final Duration SHORT_POLL = Duration.ofSeconds(1);

    private static RunningService service;
    private static JobsClient client;

    @BeforeAll
    static void start() {
        service = new RunningService();
        client = JobsClient.builder(service.base).token(RunningService.TOKEN).build();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static String queue() {
        return "remote-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Job awaitJob(String id, Predicate<Job> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Job job = client.get(id);
        while (!done.test(job)) {
            assertThat(System.nanoTime())
                    .as("job %s as expected within 30 s, now %s", id, job.json())
                    .isLessThan(deadline);
            Thread.sleep(25);
            job = client.get(id);
        }
        return job;
    }

    private static String lastError(Job job) {
        return job.lastError().orElse("");
    }

    @Test
    void eachOutcomeOfAHandlerReachesTheServiceAsAnEmbeddedWorkersWould() throws Exception {
        String queue = queue();
        Set<Boolean> onVirtualThreads = ConcurrentHashMap.newKeySet();
        RemoteWorker worker = RemoteWorker.builder(client, "outcomes-1")
                .queues(queue)
                .longPoll(SHORT_POLL)
                .handler("outcome", job -> {
                    onVirtualThreads.add(Thread.currentThread().isVirtual());
                    return switch (job.payload().path("do").asText()) {
                        case "succeed" ->
                            HandlerResult.success(
                                    JsonNodeFactory.instance.objectNode().put("ok", true));
                        case "retry" -> HandlerResult.retry("try later");
                        case "permanent" -> HandlerResult.permanent("bad input");
                        case "snooze" -> HandlerResult.snooze(Duration.ofSeconds(120));
                        default -> throw new IllegalStateException("boom");
                    };
                })
                .build();
        String succeed = submit(queue, "succeed", 3);
        String retry = submit(queue, "retry", 1);
        String permanent = submit(queue, "permanent", 3);
        String snooze = submit(queue, "snooze", 3);
        String thrown = submit(queue, "throw", 1);
        Instant started = Instant.now();

        worker.start();
        try {
            Job completed = awaitJob(succeed, Job::isFinished);
            Job retried = awaitJob(retry, Job::isFinished);
            Job failed = awaitJob(permanent, Job::isFinished);
            Job snoozed = awaitJob(snooze, job -> job.json().path("snoozes").asInt() == 1);
            Job threw = awaitJob(thrown, Job::isFinished);

            assertThat(completed.state()).isEqualTo("completed");
            assertThat(completed.result())
                    .hasValueSatisfying(
                            r -> assertThat(r.path("ok").asBoolean()).isTrue());
            assertThat(completed.json().path("lease_owner").isNull()).isTrue();
            assertThat(retried.state()).isEqualTo("dead");
            assertThat(lastError(retried)).isEqualTo("try later");
            assertThat(failed.state()).isEqualTo("failed");
            assertThat(failed.attempts()).isEqualTo(1);
            assertThat(lastError(failed)).isEqualTo("bad input");
            assertThat(snoozed.state()).isEqualTo("pending");
            assertThat(snoozed.attempts()).isZero();
            assertThat(Instant.parse(snoozed.json().path("run_at").asText())).isAfter(started.plusSeconds(100));
            assertThat(threw.state()).isEqualTo("dead");
            assertThat(lastError(threw)).isEqualTo("IllegalStateException: boom");
            assertThat(onVirtualThreads).containsExactly(true);
        } finally {
            worker.stop(Duration.ofSeconds(5));
        }
    }

    private static String submit(String queue, String action, int maxAttempts) {
        return client.submit(NewJob.ofType("outcome")
                        .inQueue(queue)
                        .withMaxAttempts(maxAttempts)
                        .withPayload(JsonNodeFactory.instance.objectNode().put("do", action)))
                .id();
    }

    @Test
    void runsAtMostItsConcurrencyAtOnceAndReportsCompletionsInBatches() throws Exception {
        String queue = queue();
        int jobs = 200;
        List<NewJob> batch = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            batch.add(NewJob.ofType("counted").inQueue(queue));
        }
        List<String> ids = client.submitAll(batch).stream().map(Job::id).toList();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        RemoteWorker worker = RemoteWorker.builder(client, "batches-1")
                .queues(queue)
                .longPoll(SHORT_POLL)
                .concurrency(8)
                .handler("counted", job -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.sleep(5);
                    running.decrementAndGet();
                    return HandlerResult.success();
                })
                .build();
        double completesBefore = requestsTo("/leases/complete");

        worker.start();
        try {
            for (String id : ids) {
                assertThat(awaitJob(id, Job::isFinished).state()).isEqualTo("completed");
            }
        } finally {
            worker.stop(Duration.ofSeconds(5));
        }

        assertThat(mostAtOnce.get()).isEqualTo(8);
        double completeRequests = requestsTo("/leases/complete") - completesBefore;
        assertThat(completeRequests)
                .as("complete requests for %d jobs", jobs)
                .isGreaterThan(0)
                .isLessThan(jobs / 2.0);
    }

    /** How many requests the service has answered on {@code route}, from its own {@code /metrics}. */
    private static double requestsTo(String route) throws IOException, InterruptedException {
        HttpResponse<String> metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(service.base + "/metrics"))
                                .header("Authorization", "Bearer " + RunningService.TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        Matcher line = Pattern.compile("(?m)^http_server_requests_seconds_count\\{[^}]*route=\"" + Pattern.quote(route)
                        + "\"[^}]*} (\\S+)$")
                .matcher(metrics.body());
        double total = 0;
        while (line.find()) {
            total += Double.parseDouble(line.group(1));
        }
        return total;
    }

    @Test
    void anOperatorsCancelStopsTheRunningAttemptAndTheJobEndsCancelled() throws Exception {
        String queue = queue();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch sawCancel = new CountDownLatch(1);
        RemoteWorker worker = RemoteWorker.builder(client, "cancel-1")
                .queues(queue)
                .longPoll(SHORT_POLL)
                .lease(Duration.ofSeconds(3)) // heartbeats every second bring the request
                .handler("long", (job, cancel) -> {
                    started.countDown();
                    try {
                        while (!cancel.isCancelRequested()) {
                            Thread.sleep(20);
                        }
                        sawCancel.countDown();
                    } catch (InterruptedException e) {
                        if (cancel.isCancelRequested()) {
                            sawCancel.countDown();
                        }
                        throw e;
                    }
                    return HandlerResult.success(
                            JsonNodeFactory.instance.objectNode().put("ignored", true));
                })
                .build();
        String id = client.submit(NewJob.ofType("long").inQueue(queue)).id();

        worker.start();
        try {
            assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
            client.cancel(id);
            Job cancelled = awaitJob(id, Job::isFinished);

            assertThat(cancelled.state()).isEqualTo("cancelled");
            assertThat(cancelled.result()).isEmpty();
            assertThat(sawCancel.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(worker.inFlight()).isZero();
        } finally {
            worker.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void stoppingHandsUnfinishedJobsBackUncountedAndLetsQuickOnesFinish() throws Exception {
        String queue = queue();
        CountDownLatch running = new CountDownLatch(3);
        AtomicInteger interrupted = new AtomicInteger();
        RemoteWorker worker = RemoteWorker.builder(client, "stopping-1")
                .queues(queue)
                .longPoll(SHORT_POLL)
                .concurrency(3)
                .handler("endless", job -> {
                    running.countDown();
                    try {
                        Thread.sleep(Duration.ofMinutes(5));
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        throw e;
                    }
                    return HandlerResult.success();
                })
                .handler("quick", job -> {
                    running.countDown();
                    Thread.sleep(300);
                    return HandlerResult.success();
                })
                .build();
        List<String> endless = List.of(
                client.submit(NewJob.ofType("endless").inQueue(queue)).id(),
                client.submit(NewJob.ofType("endless").inQueue(queue)).id());
        String quick = client.submit(NewJob.ofType("quick").inQueue(queue)).id();

        worker.start();
        assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
        worker.stop(Duration.ofSeconds(2));

        for (String id : endless) {
            JsonNode handedBack = client.get(id).json();
            assertThat(handedBack.path("state").asText()).isEqualTo("pending");
            assertThat(handedBack.path("attempts").asInt()).isZero();
            assertThat(handedBack.path("errors")).isEmpty();
            assertThat(handedBack.path("lease_owner").isNull()).isTrue();
        }
        assertThat(interrupted.get()).isEqualTo(2);
        assertThat(client.get(quick).state()).isEqualTo("completed");
    }

    @Test
    void anAttemptPastItsTimeLimitIsInterruptedAndRecordedAsTimedOut() throws Exception {
        String queue = queue();
        CountDownLatch interrupted = new CountDownLatch(1);
        RemoteWorker worker = RemoteWorker.builder(client, "timeouts-1")
                .queues(queue)
                .longPoll(SHORT_POLL)
                .handler("stuck", job -> {
                    try {
                        Thread.sleep(Duration.ofMinutes(5));
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                    }
                    return HandlerResult.success();
                })
                .build();
        String id = client.submit(NewJob.ofType("stuck")
                        .inQueue(queue)
                        .withTimeoutSeconds(1)
                        .withMaxAttempts(1))
                .id();

        worker.start();
        try {
            Job dead = awaitJob(id, Job::isFinished);

            assertThat(dead.state()).isEqualTo("dead");
            assertThat(lastError(dead)).isEqualTo("timed out after 1 seconds");
            assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            worker.stop(Duration.ofSeconds(5));
        }
    }
}
