package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.application.testing.SettableClock;
import dev.jobprocessor.application.testing.Submissions;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.UniqueRequest;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The enqueue's one-text insert ({@link JobInsert}): every column goes through a text array and a cast, so values
 * that an array literal must quote — quotes, backslashes, braces, commas, NULLs, non-ASCII — must come back as they
 * went in.
 */
class JobInsertTest {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    private final SettableClock clock = new SettableClock();
    private final PostgresJobRepository repository = new PostgresJobRepository(SCHEMA.dataSource());
    private final Submissions submissions = new Submissions(42);

    @BeforeEach
    void empty() {
        SCHEMA.truncate();
    }

    @Test
    void valuesThatAnArrayLiteralMustQuoteComeBackUnchanged() {
        String payload =
                "{\"text\":\"a \\\"quoted\\\" \\\\ back\\\\slash, {brace} NULL ünïcødé 😀\",\"n\":[1,2.5,null],"
                        + "\"empty\":\"\"}";
        Submission tricky = submissions.of(
                JobRequest.ofType("report.build")
                        .withQueue("q-1_x")
                        .withPayload(new Json(payload))
                        .withIdempotencyKey("key, with {braces} \"quotes\" and \\ NULL")
                        .withConcurrencyKey("tenant\"7\",{a}\\")
                        .withPriority(3)
                        .withMaxAttempts(9)
                        .withTimeoutSeconds(77)
                        .withRunAt(clock.now().plus(Duration.ofMinutes(5)))
                        .withUnique(new UniqueRequest(List.of("type", "payload"), 600, List.of("pending", "running"))),
                clock.now());
        Submission plain = submissions.ofType("noop", clock.now());

        List<Enqueued> enqueued = repository.enqueue(List.of(tricky, plain));

        assertThat(enqueued).allMatch(Enqueued::created);
        Job stored = repository.find(tricky.job().id()).orElseThrow();
        assertThat(stored).isEqualTo(tricky.job());
        assertThat(stored.payload().text()).isEqualTo(tricky.job().payload().text());
        assertThat(repository.find(plain.job().id()).orElseThrow()).isEqualTo(plain.job());
    }

    @Test
    void aBatchInsertsItsRowsAndSkipsTakenKeysInOneStatement() throws Exception {
        List<Submission> first = IntStream.range(0, 300)
                .mapToObj(i -> submissions.of(JobRequest.ofType("work").withIdempotencyKey("k" + i), clock.now()))
                .toList();
        repository.enqueue(first);
        List<Submission> again = IntStream.range(250, 400)
                .mapToObj(i -> submissions.of(JobRequest.ofType("work").withIdempotencyKey("k" + i), clock.now()))
                .toList();

        List<Enqueued> enqueued = repository.enqueue(again);

        assertThat(enqueued.stream().filter(Enqueued::created)).hasSize(100);
        assertThat(enqueued.subList(0, 50)).noneMatch(Enqueued::created);
        assertThat(enqueued.get(0).job().id()).isEqualTo(first.get(250).job().id());
        assertThat(SCHEMA.number("SELECT count(*) FROM jobs")).isEqualTo(400);
    }
}
