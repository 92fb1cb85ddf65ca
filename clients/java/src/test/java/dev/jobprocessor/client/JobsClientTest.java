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
    void aUniqueJobKeepsItsDuplicateOutAndAJobOfAnotherPayloadIsNew() {
        String type = unique("unique");
        NewJob job = NewJob.ofType(type)
                .inQueue("manual")
                .withPayload(JsonNodeFactory.instance.objectNode().put("account", 7))
                .withUnique(Unique.by("payload").forPeriod(Duration.ofHours(1)).inStates("pending", "running"));

        Job first = client.submit(job);
        Job again = client.submit(job);
        Job other = client.submit(
                job.withPayload(JsonNodeFactory.instance.objectNode().put("account", 8)));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.json().path("duplicate").asBoolean()).isTrue();
        assertThat(other.id()).isNotEqualTo(first.id());
        assertThat(first.json().at("/unique/states").toString()).isEqualTo("[\"pending\",\"running\"]");
    }

    @Test
    void pausesChangesAndResumesAQueue() {
        String name = unique("q");
        client.submit(NewJob.ofType("noop").inQueue(name));

        Queue paused = client.pauseQueue(name);
        Queue limited = client.changeQueue(
                name,
                QueueChange.none()
                        .concurrencyLimit(3)
                        .rateLimit(10, Duration.ofSeconds(2))
                        .retention("completed", "1h"));
        Queue resumed = client.resumeQueue(name);

        assertThat(paused.paused()).isTrue();
        assertThat(paused.pending()).isEqualTo(1);
        assertThat(limited.concurrencyLimit()).contains(3);
        assertThat(limited.json().at("/rate_limit/per_seconds").asInt()).isEqualTo(2);
        assertThat(limited.json().at("/retention/completed").asText()).isEqualTo("1h");
        assertThat(resumed.paused()).isFalse();
        assertThat(client.queue(name).concurrencyLimit()).contains(3);
        assertThat(client.changeQueue(name, QueueChange.none().noConcurrencyLimit())
                        .concurrencyLimit())
                .isEmpty();
        assertThat(client.queues()).extracting(Queue::name).contains(name, "default");
        assertThatThrownBy(() -> client.queue(unique("never-used"))).isInstanceOf(JobsException.NotFound.class);
        assertThatThrownBy(() -> client.changeQueue(name, QueueChange.none()))
                .isInstanceOf(JobsException.Invalid.class);
    }

    @Test
    void createsReplacesPausesTriggersAndDeletesASchedule() {
        String name = unique("nightly");
        NewSchedule nightly = NewSchedule.of(
                        name, "0 3 * * *", NewJob.ofType("noop").inQueue("manual"))
                .inZone("Europe/Berlin")
                .withOverlap("skip_if_running");

        Schedule created = client.createSchedule(nightly);
        Schedule again = client.createSchedule(nightly);

        assertThat(created.name()).isEqualTo(name);
        assertThat(created.timezone()).isEqualTo("Europe/Berlin");
        assertThat(created.nextFireAt()).isPresent();
        assertThat(again.json().path("id")).isEqualTo(created.json().path("id"));
        assertThatThrownBy(() -> client.createSchedule(NewSchedule.of(name, "0 4 * * *", NewJob.ofType("noop"))))
                .isInstanceOf(JobsException.ScheduleConflict.class);
        Schedule replaced = client.putSchedule(nightly.withMisfire("skip"));
        assertThat(replaced.json().path("misfire").asText()).isEqualTo("skip");
        assertThat(client.schedule(name).upcoming()).hasSize(5);
        assertThat(client.pauseSchedule(name).paused()).isTrue();
        assertThat(client.schedules())
                .filteredOn(s -> s.name().equals(name))
                .singleElement()
                .satisfies(s -> assertThat(s.paused()).isTrue());
        assertThat(client.resumeSchedule(name).paused()).isFalse();

        Job triggered = client.triggerSchedule(name);
        assertThat(triggered.type()).isEqualTo("noop");
        assertThat(triggered.queue()).isEqualTo("manual");

        client.deleteSchedule(name);
        assertThatThrownBy(() -> client.schedule(name)).isInstanceOf(JobsException.NotFound.class);
        assertThatThrownBy(() ->
                        NewSchedule.of(name, "* * * * *", NewJob.ofType("x").withIdempotencyKey("k")))
                .isInstanceOf(IllegalArgumentException.class);
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
