package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Unique jobs against a real process (docs/UNIQUE_JOBS.md): 50 concurrent identical unique submits create one job;
 * once it has completed a new submit creates a new one; with {@code period_seconds} the next bucket does too.
 */
class UniqueJobsTest {

    private static final String UNIQUE = "{\"type\":\"noop\",\"payload\":{\"rebuild\":\"products\"},\"unique\":{}}";

    @Test
    void fiftyConcurrentUniqueSubmitsCreateOneJobAndTheNextComesAfterItFinishesOrInTheNextPeriod() throws Exception {
        String database = "unique_jobs";
        String url = Services.migratedDatabase(database);
        int port = ServiceProcess.freePort();
        // An api process runs no worker: this test is the worker, so the job stays running until it completes it.
        try (ServiceProcess serve = Services.start("unique-api", "api", url, port, Map.of());
                ExecutorService clients = Executors.newFixedThreadPool(50)) {
            Api api = new Api(port);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(clients.submit(() -> {
                    go.await();
                    return api.post("/jobs", UNIQUE);
                }));
            }
            go.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> answer : answers) {
                responses.add(answer.get());
            }
            String id = responses.stream()
                    .filter(r -> r.status() == 201)
                    .findFirst()
                    .orElseThrow()
                    .text("/id");

            assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
            assertThat(responses)
                    .filteredOn(
                            r -> r.status() == 200 && r.body().path("duplicate").asBoolean())
                    .hasSize(49);
            assertThat(responses.stream().map(r -> r.text("/id")).distinct()).containsExactly(id);
            assertThat(Suite.count(database, "SELECT count(*) FROM jobs")).isEqualTo(1);

            Api.Response leased = api.post("/leases", "{\"worker_id\":\"w\",\"queues\":[\"default\"],\"limit\":1}");
            assertThat(leased.text("/jobs/0/id")).isEqualTo(id);
            assertThat(api.post("/jobs", UNIQUE).body().path("duplicate").asBoolean())
                    .as("running is one of its states")
                    .isTrue();
            Api.Response completed = api.post(
                    "/jobs/" + id + "/complete",
                    "{\"lease_token\":\"" + leased.text("/jobs/0/lease_token") + "\",\"result\":{}}");
            assertThat(completed.text("/state")).isEqualTo("completed");
            Api.Response afterCompletion = api.post("/jobs", UNIQUE);
            assertThat(afterCompletion.status())
                    .as("completed is not one of its states")
                    .isEqualTo(201);
            assertThat(afterCompletion.text("/id")).isNotEqualTo(id);

            // The jobs stay pending (nobody leases them); a two-second period starts a new bucket.
            String periodic = "{\"type\":\"noop\",\"queue\":\"parked\",\"unique\":{\"period_seconds\":2}}";
            awaitStartOfEvenSecond();
            Api.Response firstInBucket = api.post("/jobs", periodic);
            Api.Response sameBucket = api.post("/jobs", periodic);
            Api.pause(Duration.ofMillis(2_100));
            Api.Response nextBucket = api.post("/jobs", periodic);

            assertThat(firstInBucket.status()).isEqualTo(201);
            assertThat(sameBucket.status()).isEqualTo(200);
            assertThat(sameBucket.body().get("duplicate").asBoolean()).isTrue();
            assertThat(nextBucket.status()).isEqualTo(201);
            assertThat(serve.isAlive()).isTrue();
            Suite.report(
                    "unique jobs",
                    "50 concurrent identical unique submits: 1 created, 49 answered with it as duplicate (also while"
                            + " running); after it completed a new submit created a new job; with period_seconds 2 the same bucket was a"
                            + " duplicate and the next bucket created a job");
        }
    }

    /** Just after an even second, so that two quick submits fall in one two-second bucket. */
    private static void awaitStartOfEvenSecond() {
        while (true) {
            Instant now = Instant.now();
            if (now.getEpochSecond() % 2 == 0 && now.getNano() < 200_000_000) {
                return;
            }
            Api.pause(Duration.ofMillis(20));
        }
    }
}
