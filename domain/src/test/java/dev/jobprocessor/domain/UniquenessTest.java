package dev.jobprocessor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The unique field of a submit: its rules, its key, and when a job lets its key go. */
class UniquenessTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:15:00Z");

    private static Job job(JobRequest request) {
        return Job.create(JobId.newId(NOW, new java.util.Random(3)), request.validate(), NOW);
    }

    @Test
    void byDefaultAJobIsUniqueByEveryFieldWhilePendingOrRunning() {
        NewJob spec = JobRequest.ofType("report")
                .withUnique(UniqueRequest.identical())
                .validate();

        assertThat(spec.unique()).isEqualTo(Uniqueness.identical());
        assertThat(job(JobRequest.ofType("report").withUnique(UniqueRequest.identical()))
                        .unique()
                        .states())
                .containsExactlyInAnyOrder(JobState.PENDING, JobState.RUNNING);
    }

    @Test
    void theKeyNamesTheChosenFieldsAndThePeriodsBucket() {
        Uniqueness byQueue = new UniqueRequest(List.of("queue"), null, null).validate("", new java.util.ArrayList<>());
        Uniqueness byKey =
                new UniqueRequest(List.of("concurrency_key"), null, null).validate("", new java.util.ArrayList<>());
        Uniqueness hourly = new UniqueRequest(List.of(), 3600, null).validate("", new java.util.ArrayList<>());
        Json payload = new Json("{}");

        assertThat(byQueue.keyOf("t", "x", payload, null, NOW))
                .as("a queue and a concurrency key with the same text are not the same field")
                .isNotEqualTo(byKey.keyOf("t", "default", payload, "x", NOW));
        assertThat(byQueue.keyOf("t", "x", payload, null, NOW))
                .as("fields not chosen do not count")
                .isEqualTo(byQueue.keyOf("t", "x", new Json("{\"a\":1}"), "k", NOW));
        assertThat(hourly.keyOf("t", "q", payload, null, NOW))
                .isEqualTo(hourly.keyOf("t", "q", payload, null, Instant.parse("2026-12-02T10:59:59Z")))
                .isNotEqualTo(hourly.keyOf("t", "q", payload, null, Instant.parse("2026-12-02T11:00:00Z")));
        assertThat(byQueue.keyOf("t", "x", payload, null, NOW)).matches("u1:[0-9a-f]{64}");
    }

    @Test
    void everyBadPartIsNamed() {
        JobRequest bad = JobRequest.ofType("report")
                .withUnique(new UniqueRequest(List.of("type", "priority"), 0, List.of("running", "paused")));

        assertThatThrownBy(bad::validate)
                .isInstanceOfSatisfying(
                        JobValidationException.class,
                        e -> assertThat(e.problems())
                                .extracting(FieldProblem::field)
                                .containsExactlyInAnyOrder("unique.by", "unique.period_seconds", "unique.states"));
        assertThatThrownBy(() -> JobRequest.ofType("report")
                        .withUnique(new UniqueRequest(null, null, List.of("running")))
                        .validate())
                .hasMessageContaining("must include pending");
    }

    @Test
    void aJobLetsItsKeyGoAtItsFirstMoveOutOfItsStatesAndNeverTakesItBack() {
        UniqueKey held = new UniqueKey("u1:" + "0".repeat(64), java.util.Set.of(JobState.PENDING, JobState.RUNNING));

        assertThat(held.after(JobState.RUNNING)).isEqualTo(held);
        UniqueKey released = held.after(JobState.FAILED);
        assertThat(released.held()).isFalse();
        assertThat(released.after(JobState.PENDING).held())
                .as("a retry does not take it back")
                .isFalse();
    }

    @Test
    void howAJobIsUniqueIsPartOfItsIdempotencyFingerprint() {
        JobRequest plain = JobRequest.ofType("report").withIdempotencyKey("k");

        assertThat(plain.validate().fingerprint())
                .isNotEqualTo(
                        plain.withUnique(UniqueRequest.identical()).validate().fingerprint());
        assertThat(plain.withUnique(UniqueRequest.identical()).validate().fingerprint())
                .isEqualTo(
                        plain.withUnique(UniqueRequest.identical()).validate().fingerprint());
    }
}
