package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.ManageWorkflows;
import dev.jobprocessor.application.WorkflowReport;
import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.testing.SettableClock;
import dev.jobprocessor.domain.DependencyRequest;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.workflow.WorkflowId;
import dev.jobprocessor.domain.workflow.WorkflowState;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cancel and retry of a whole workflow on PostgreSQL, where each job's change and the cascades it starts take row
 * locks: a diamond cancelled while its first job runs, then retried and run to the end.
 */
class PostgresWorkflowCancelRetryTest {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    private final SettableClock clock = new SettableClock();
    private PostgresJobRepository jobs;
    private ManageWorkflows workflows;

    @BeforeEach
    void emptyStore() {
        SCHEMA.truncate();
        jobs = new PostgresJobRepository(SCHEMA.dataSource());
        workflows =
                new ManageWorkflows(new PostgresWorkflowRepository(SCHEMA.dataSource()), jobs, clock, new Random(17));
    }

    private static JobRequest job(String type, String ref, List<String> parents) {
        return JobRequest.ofType(type).withGraph(new DependencyRequest(ref, parents, null));
    }

    private Job claimOne() {
        List<Job> claimed =
                jobs.claim(new ClaimRequest("w", List.of("default"), Set.of(), 1, Duration.ofSeconds(30), clock.now()));
        assertThat(claimed).hasSize(1);
        return claimed.getFirst();
    }

    private void complete(Job running) {
        jobs.apply(List.of(new JobChange(
                running.id(), job -> job.completing(running.leaseToken(), Json.EMPTY_OBJECT, clock.now()))));
    }

    private static Map<JobId, JobState> states(WorkflowReport report) {
        Map<JobId, JobState> states = new HashMap<>();
        report.graph().jobs().forEach(job -> states.put(job.id(), job.state()));
        return states;
    }

    @Test
    void aDiamondCancelledWhileItsFirstJobRunsIsRetriedAndRunsToTheEnd() {
        WorkflowReport submitted = workflows.submit(
                "diamond",
                List.of(
                        job("a", "a", null),
                        job("b", "b", List.of("a")),
                        job("c", "c", List.of("a")),
                        job("d", "d", List.of("b", "c"))),
                null);
        WorkflowId id = submitted.graph().workflow().id();
        List<JobId> ids = submitted.graph().jobs().stream().map(Job::id).toList();
        Job a = claimOne();
        assertThat(a.id()).isEqualTo(ids.get(0));

        WorkflowReport cancelled = workflows.cancel(id);

        assertThat(states(cancelled))
                .containsEntry(ids.get(0), JobState.RUNNING)
                .containsEntry(ids.get(1), JobState.CANCELLED)
                .containsEntry(ids.get(2), JobState.CANCELLED)
                .containsEntry(ids.get(3), JobState.CANCELLED);
        assertThat(cancelled.status().state()).isEqualTo(WorkflowState.RUNNING);
        complete(a);
        assertThat(workflows.get(id).status().state())
                .as("the running job's request ends it cancelled when its attempt ends")
                .isEqualTo(WorkflowState.CANCELLED);

        WorkflowReport retried = workflows.retry(id);

        assertThat(states(retried))
                .containsEntry(ids.get(0), JobState.PENDING)
                .containsEntry(ids.get(1), JobState.WAITING)
                .containsEntry(ids.get(2), JobState.WAITING)
                .containsEntry(ids.get(3), JobState.WAITING);
        for (int i = 0; i < 4; i++) {
            complete(claimOne());
        }
        WorkflowReport done = workflows.get(id);
        assertThat(done.status().state()).isEqualTo(WorkflowState.COMPLETED);
        assertThat(done.status().totals()).containsEntry(JobState.COMPLETED, 4);
    }
}
