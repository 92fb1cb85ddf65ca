package dev.jobprocessor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against the real jar over a real socket (docs/SPEC.md §7.1). */
class JobsClientTest {

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

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void submitsAJobAndReadsItUntilTheEmbeddedWorkerCompletedIt() throws Exception {
        Job submitted = client.submit(NewJob.ofType("echo")
                .withPayload(JsonNodeFactory.instance.objectNode().put("to", "a@example.com")));

        assertThat(submitted.type()).isEqualTo("echo");
        assertThat(submitted.queue()).isEqualTo("default");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Job read = client.get(submitted.id());
        while (!read.isFinished()) {
            assertThat(System.nanoTime()).as("completed within 20 s").isLessThan(deadline);
            Thread.sleep(50);
            read = client.get(submitted.id());
        }
        assertThat(read.state()).isEqualTo("completed");
        assertThat(read.result())
                .hasValueSatisfying(
                        result -> assertThat(result.path("to").asText()).isEqualTo("a@example.com"));
        assertThat(read.finishedAt()).isPresent();
    }

    @Test
    void aKeyedSubmitSentTwiceGivesOneJobAndADifferentRequestWithTheKeyIsAConflict() {
        String key = unique("order");
        NewJob job = NewJob.ofType("noop").inQueue("manual").withIdempotencyKey(key);

        Job first = client.submit(job);
        Job again = client.submit(job);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.idempotencyKey()).contains(key);
        assertThatThrownBy(() -> client.submit(job.withPriority(7)))
                .isInstanceOf(JobsException.IdempotencyConflict.class)
                .satisfies(e -> assertThat(((JobsException) e).status()).isEqualTo(409));
    }

    @Test
    void listsEveryMatchingJobNewestFirstAcrossPages() {
        String type = unique("listed");
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            submitted.add(client.submit(NewJob.ofType(type).inQueue("manual")).id());
        }

        List<String> listed = new ArrayList<>();
        Iterator<Job> jobs = client.list(JobQuery.all().ofType(type).pagesOf(2));
        jobs.forEachRemaining(job -> listed.add(job.id()));

        assertThat(listed).containsExactlyElementsOf(submitted.reversed());
        assertThat(client.list(JobQuery.all().ofType(type).inState("completed")))
                .isExhausted();
    }

    @Test
    void cancelsAndRetriesAndAFinishedJobCannotBeCancelled() {
        Job waiting = client.submit(NewJob.ofType("report").inQueue("manual"));

        Job cancelled = client.cancel(waiting.id());
        assertThat(cancelled.state()).isEqualTo("cancelled");
        assertThatThrownBy(() -> client.cancel(waiting.id())).isInstanceOf(JobsException.InvalidTransition.class);

        Job retried = client.retry(waiting.id());
        assertThat(retried.state()).isEqualTo("pending");
        assertThat(retried.attempts()).isZero();
    }

    @Test
    void errorsArriveTypedFromTheEnvelope() {
        assertThatThrownBy(() -> client.get(UUID.randomUUID().toString())).isInstanceOf(JobsException.NotFound.class);
        assertThatThrownBy(() -> client.submit(NewJob.ofType("").inQueue("manual")))
                .isInstanceOf(JobsException.Invalid.class)
                .satisfies(e -> assertThat(((JobsException) e).error())
                        .hasValueSatisfying(
                                error -> assertThat(error.toString()).contains("type")));

        JobsClient stranger = JobsClient.builder(service.base)
                .token("not-a-known-secret-0123456789abcdef012")
                .build();
        assertThatThrownBy(() -> stranger.get(UUID.randomUUID().toString()))
                .isInstanceOf(JobsException.Unauthorized.class)
                .satisfies(e -> assertThat(((JobsException) e).status()).isEqualTo(401));
    }

    @Test
    void submitsABatchInOrder() {
        List<Job> jobs = client.submitAll(List.of(
                NewJob.ofType("a").inQueue("manual"),
                NewJob.ofType("b").inQueue("manual").withPriority(3)));

        assertThat(jobs).extracting(Job::type).containsExactly("a", "b");
        assertThat(client.get(jobs.get(1).id()).json().path("priority").asInt()).isEqualTo(3);
    }
}
