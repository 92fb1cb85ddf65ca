package dev.jobprocessor.adapters.memory.usecases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.application.JobNotFoundException;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.JobQuery;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.IdempotencyConflictException;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SubmitJobTest {

    private final UseCases app = new UseCases();

    @Test
    void createsAPendingJobWithDefaults() {
        Enqueued enqueued = app.submit.submit(JobRequest.ofType("noop"));

        assertThat(enqueued.created()).isTrue();
        assertThat(enqueued.job().state()).isEqualTo(JobState.PENDING);
        assertThat(enqueued.job().queue()).isEqualTo("default");
        assertThat(enqueued.job().payload()).isEqualTo(Json.EMPTY_OBJECT);
        assertThat(enqueued.job().runAt()).isEqualTo(app.clock.now());
        assertThat(enqueued.job().id().value().version()).isEqualTo(7);
        assertThat(app.get.get(enqueued.job().id())).isEqualTo(enqueued.job());
    }

    @Test
    void repeatingARequestWithItsKeyReturnsTheSameJob() {
        JobRequest request = JobRequest.ofType("charge").withIdempotencyKey("invoice-9");
        Enqueued first = app.submit.submit(request);
        app.clock.advance(Duration.ofMinutes(1));

        Enqueued again = app.submit.submit(request);

        assertThat(again.created()).isFalse();
        assertThat(again.job()).isEqualTo(first.job());
    }

    @Test
    void reusingAKeyForADifferentRequestIsAConflict() {
        app.submit.submit(JobRequest.ofType("charge").withIdempotencyKey("invoice-9"));

        assertThatThrownBy(() -> app.submit.submit(JobRequest.ofType("charge")
                        .withIdempotencyKey("invoice-9")
                        .withPayload(new Json("{\"amount\":2}"))))
                .isInstanceOf(IdempotencyConflictException.class);
    }

    @Test
    void reportsEveryBadFieldAtOnceAndStoresNothing() {
        JobRequest bad = new JobRequest("Bad Type", "Queue!", null, 0, null, 101, 0, "");

        assertThatThrownBy(() -> app.submit.submit(bad))
                .isInstanceOfSatisfying(
                        JobValidationException.class,
                        e -> assertThat(e.problems())
                                .extracting(FieldProblem::field)
                                .containsExactly(
                                        "type",
                                        "queue",
                                        "priority",
                                        "max_attempts",
                                        "timeout_seconds",
                                        "idempotency_key"));
        assertThat(app.list.list(JobQuery.firstPage(10)).jobs()).isEmpty();
    }

    @Test
    void aBatchIsAllOrNothingAndNamesTheBadJob() {
        List<JobRequest> batch =
                List.of(JobRequest.ofType("ok"), JobRequest.ofType("ok").withPriority(11), JobRequest.ofType("ok"));

        assertThatThrownBy(() -> app.submit.submitAll(batch))
                .isInstanceOfSatisfying(
                        JobValidationException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(new FieldProblem("jobs[1].priority", "must be between 1 and 10")));
        assertThat(app.list.list(JobQuery.firstPage(10)).jobs()).isEmpty();
    }

    @Test
    void aBatchWithAConflictingKeyStoresNothing() {
        app.submit.submit(JobRequest.ofType("a").withIdempotencyKey("k"));

        assertThatThrownBy(() -> app.submit.submitAll(
                        List.of(JobRequest.ofType("b"), JobRequest.ofType("c").withIdempotencyKey("k"))))
                .isInstanceOf(IdempotencyConflictException.class);
        assertThat(app.list.list(JobQuery.firstPage(10)).jobs()).hasSize(1);
    }

    @Test
    void aBatchMayNotRepeatAKey() {
        List<JobRequest> batch = List.of(
                JobRequest.ofType("a").withIdempotencyKey("same"),
                JobRequest.ofType("a").withIdempotencyKey("same"));

        assertThatThrownBy(() -> app.submit.submitAll(batch))
                .isInstanceOfSatisfying(
                        JobValidationException.class,
                        e -> assertThat(e.problems())
                                .extracting(FieldProblem::field)
                                .containsExactly("jobs[1].idempotency_key"));
    }

    @Test
    void aBatchHoldsOneToAThousandJobs() {
        assertThatThrownBy(() -> app.submit.submitAll(List.of())).isInstanceOf(JobValidationException.class);
        List<JobRequest> tooMany = Collections.nCopies(SubmitJob.MAX_BATCH_SIZE + 1, JobRequest.ofType("a"));
        assertThatThrownBy(() -> app.submit.submitAll(tooMany)).isInstanceOf(JobValidationException.class);

        List<Enqueued> created =
                app.submit.submitAll(Collections.nCopies(SubmitJob.MAX_BATCH_SIZE, JobRequest.ofType("a")));

        assertThat(created).hasSize(SubmitJob.MAX_BATCH_SIZE).allMatch(Enqueued::created);
        assertThat(created.stream().map(e -> e.job().id()).distinct()).hasSize(SubmitJob.MAX_BATCH_SIZE);
    }

    @Test
    void listsNewestFirstAndRefusesAnOversizedPage() {
        List<JobId> ids = new ArrayList<>();
        IntStream.range(0, 3).forEach(i -> {
            ids.add(app.submit.submit(JobRequest.ofType("a")).job().id());
            app.clock.advance(Duration.ofMillis(2));
        });
        Collections.reverse(ids);

        assertThat(app.list.list(JobQuery.firstPage(500)).jobs())
                .extracting(j -> j.id())
                .containsExactlyElementsOf(ids);
        assertThatThrownBy(() -> app.list.list(JobQuery.firstPage(501)))
                .isInstanceOfSatisfying(
                        JobValidationException.class,
                        e -> assertThat(e.problems())
                                .extracting(FieldProblem::field)
                                .containsExactly("limit"));
    }

    @Test
    void readingAnUnknownJobSaysSo() {
        JobId unknown = JobId.newId(app.clock.now(), new Random(1));
        assertThatThrownBy(() -> app.get.get(unknown))
                .isInstanceOf(JobNotFoundException.class)
                .hasMessageContaining(unknown.toString());
        assertThatThrownBy(() -> app.cancel.cancel(unknown)).isInstanceOf(JobNotFoundException.class);
    }
}
