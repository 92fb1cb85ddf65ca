package dev.jobprocessor.domain.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.domain.Failure;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.LeaseToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WorkflowStatusTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private final SplittableRandom random = new SplittableRandom(5);

    private Job pending() {
        return Job.create(
                JobId.newId(T0, random),
                JobRequest.ofType("step").withMaxAttempts(1).validate(),
                T0);
    }

    private Job running() {
        return pending().claim("w", LeaseToken.random(random), Duration.ofSeconds(30), T0);
    }

    private Job completed() {
        Job running = running();
        return running.complete(running.leaseToken(), Json.EMPTY_OBJECT, T0.plusSeconds(1));
    }

    private Job failedAt(Instant when) {
        Job running = running();
        return running.fail(running.leaseToken(), Failure.permanent("no"), attempt -> Duration.ZERO, when);
    }

    private Job deadAt(Instant when) {
        Job running = running();
        return running.fail(running.leaseToken(), Failure.retryable("again"), attempt -> Duration.ZERO, when);
    }

    private Job cancelled() {
        return pending().cancel(T0.plusSeconds(1));
    }

    @Test
    void allCompletedIsCompleted() {
        WorkflowStatus status = WorkflowStatus.of(List.of(completed(), completed()));

        assertThat(status.state()).isEqualTo(WorkflowState.COMPLETED);
        assertThat(status.failedJob()).isNull();
        assertThat(status.totals()).containsEntry(JobState.COMPLETED, 2).containsEntry(JobState.PENDING, 0);
        assertThat(status.totals()).hasSize(JobState.values().length);
    }

    @Test
    void anyJobNotEndedKeepsItRunning() {
        assertThat(WorkflowStatus.of(List.of(completed(), pending())).state()).isEqualTo(WorkflowState.RUNNING);
        assertThat(WorkflowStatus.of(List.of(completed(), running())).state()).isEqualTo(WorkflowState.RUNNING);
        assertThat(WorkflowStatus.of(List.of(cancelled(), running())).state()).isEqualTo(WorkflowState.RUNNING);
    }

    @Test
    void aFailedOrDeadJobFailsItAtOnceNamingTheFirstToFail() {
        Job later = failedAt(T0.plusSeconds(9));
        Job first = deadAt(T0.plusSeconds(3));
        assertThat(first.state()).isEqualTo(JobState.DEAD);

        WorkflowStatus status = WorkflowStatus.of(List.of(later, running(), first, cancelled()));

        assertThat(status.state()).isEqualTo(WorkflowState.FAILED);
        assertThat(status.failedJob()).isEqualTo(first.id());
        assertThat(status.totals())
                .containsEntry(JobState.FAILED, 1)
                .containsEntry(JobState.DEAD, 1)
                .containsEntry(JobState.RUNNING, 1)
                .containsEntry(JobState.CANCELLED, 1);
    }

    @Test
    void failuresAtTheSameInstantNameTheLowerId() {
        Job one = failedAt(T0.plusSeconds(2));
        Job two = failedAt(T0.plusSeconds(2));
        JobId lower = one.id().compareTo(two.id()) < 0 ? one.id() : two.id();

        assertThat(WorkflowStatus.of(List.of(one, two)).failedJob()).isEqualTo(lower);
        assertThat(WorkflowStatus.of(List.of(two, one)).failedJob()).isEqualTo(lower);
    }

    @Test
    void everythingEndedWithACancellationIsCancelled() {
        assertThat(WorkflowStatus.of(List.of(completed(), cancelled())).state()).isEqualTo(WorkflowState.CANCELLED);
    }

    @Test
    void aWorkflowHasJobs() {
        assertThatThrownBy(() -> WorkflowStatus.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesArePrintableAndShort() {
        assertThat(Workflow.problemOfName("resize then album")).isNull();
        assertThat(Workflow.problemOfName("x".repeat(200))).isNull();
        assertThat(Workflow.problemOfName(null)).isEqualTo("is required");
        assertThat(Workflow.problemOfName("")).isNotNull();
        assertThat(Workflow.problemOfName("   ")).isNotNull();
        assertThat(Workflow.problemOfName("x".repeat(201))).isNotNull();
        assertThat(Workflow.problemOfName("line\nbreak")).isNotNull();
        assertThat(Workflow.problemOfName("next\u0085line")).isNotNull();
    }

    @Test
    void workflowIdsParseOnlyTheCanonicalForm() {
        WorkflowId id = WorkflowId.newId(T0, random);

        assertThat(WorkflowId.parse(id.toString())).isEqualTo(id);
        assertThatThrownBy(() -> WorkflowId.parse("not-an-id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a workflow id");
    }
}
