package dev.jobprocessor.bootstrap.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.port.ContextJobHandler;
import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobContext;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.LeaseToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltInHandlersTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** A job of {@code type} with {@code payload}, claimed {@code attempt} times. */
    private static Job running(String type, String payload, int attempt) {
        Random random = new Random(attempt);
        Job job = Job.create(
                JobId.newId(NOW, random),
                JobRequest.ofType(type)
                        .withPayload(new Json(payload))
                        .withMaxAttempts(10)
                        .validate(),
                NOW);
        for (int i = 1; i <= attempt; i++) {
            LeaseToken token = LeaseToken.random(random);
            job = job.claim("w", token, Duration.ofSeconds(30), NOW);
            if (i < attempt) {
                job = job.fail(token, dev.jobprocessor.domain.Failure.retryable("again"), n -> Duration.ZERO, NOW);
            }
        }
        return job;
    }

    private static HandlerResult run(String type, String payload, int attempt) throws Exception {
        ContextJobHandler handler = BuiltInHandlers.all().find(type).orElseThrow();
        return handler.handle(running(type, payload, attempt), JobContext.of(List.of()));
    }

    @Test
    void ledgerExistsOnlyWithAFileAndAppendsEachExecution(@TempDir Path directory) throws Exception {
        assertThat(BuiltInHandlers.all().find("ledger")).isEmpty();

        Path file = directory.resolve("ledger");
        ContextJobHandler ledger =
                BuiltInHandlers.all(Optional.of(file)).find("ledger").orElseThrow();
        Job first = running("ledger", "{}", 1);
        Job again = running("ledger", "{}", 2);

        assertThat(ledger.handle(first, JobContext.of(List.of()))).isEqualTo(HandlerResult.success(Json.EMPTY_OBJECT));
        ledger.handle(again, JobContext.of(List.of()));

        assertThat(Files.readAllLines(file)).containsExactly(first.id() + " 1", again.id() + " 2");
    }

    @Test
    void noopSucceedsWithAnEmptyObject() throws Exception {
        assertThat(run("noop", "{\"anything\":1}", 1)).isEqualTo(HandlerResult.success(Json.EMPTY_OBJECT));
    }

    @Test
    void echoReturnsThePayload() throws Exception {
        assertThat(run("echo", "{\"a\":[1,2]}", 1)).isEqualTo(HandlerResult.success(new Json("{\"a\":[1,2]}")));
    }

    @Test
    void sleepSleepsAndReports() throws Exception {
        assertThat(run("sleep", "{\"ms\":5}", 1)).isEqualTo(HandlerResult.success(new Json("{\"slept_ms\":5}")));
    }

    @Test
    void sleepRefusesABadPayloadForGood() throws Exception {
        assertThat(run("sleep", "{}", 1)).isInstanceOf(HandlerResult.Permanent.class);
        assertThat(run("sleep", "{\"ms\":-1}", 1)).isInstanceOf(HandlerResult.Permanent.class);
        assertThat(run("sleep", "{\"ms\":\"10\"}", 1)).isInstanceOf(HandlerResult.Permanent.class);
        assertThat(run("sleep", "{\"ms\":3600001}", 1)).isInstanceOf(HandlerResult.Permanent.class);
    }

    @Test
    void failFailsItsFirstAttemptsThenSucceeds() throws Exception {
        assertThat(run("fail", "{\"times\":2}", 1)).isInstanceOf(HandlerResult.Retry.class);
        assertThat(run("fail", "{\"times\":2}", 2)).isInstanceOf(HandlerResult.Retry.class);
        assertThat(run("fail", "{\"times\":2}", 3)).isEqualTo(HandlerResult.success(Json.EMPTY_OBJECT));
    }

    @Test
    void failAlwaysFailsByDefaultAndCanFailForGood() throws Exception {
        assertThat(run("fail", "{}", 9)).isInstanceOf(HandlerResult.Retry.class);
        assertThat(run("fail", "{\"permanent\":true}", 1)).isInstanceOf(HandlerResult.Permanent.class);
        assertThat(run("fail", "{\"times\":0}", 1)).isEqualTo(HandlerResult.success(Json.EMPTY_OBJECT));
        assertThat(run("fail", "{\"times\":\"x\"}", 1)).isInstanceOf(HandlerResult.Permanent.class);
    }
}
