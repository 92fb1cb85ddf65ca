package dev.jobprocessor.application.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobPurger;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.application.port.WorkflowGraph;
import dev.jobprocessor.application.port.WorkflowGraph.Edge;
import dev.jobprocessor.application.port.WorkflowRepository;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.workflow.Workflow;
import dev.jobprocessor.domain.workflow.WorkflowId;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The executable specification of {@link WorkflowRepository}; every store runs it unchanged (docs/WORKFLOWS.md). */
public abstract class WorkflowRepositoryContract {

    private static final Duration LEASE = Duration.ofSeconds(30);

    protected final SettableClock clock = new SettableClock();
    private final Submissions submissions = new Submissions(41);
    private final Random random = new Random(43);
    protected JobRepository jobs;
    protected WorkflowRepository workflows;
    protected JobPurger purger;

    /** An empty store: its jobs, its workflows over those jobs, and what purges them. */
    public record Store(JobRepository jobs, WorkflowRepository workflows, JobPurger purger) {}

    protected abstract Store emptyStore();

    @BeforeEach
    void startEmpty() {
        Store store = emptyStore();
        jobs = store.jobs();
        workflows = store.workflows();
        purger = store.purger();
    }

    private Workflow workflow(String name) {
        return new Workflow(WorkflowId.newId(clock.now(), random), name, clock.now(), "ops-team");
    }

    /** A → (B, C) → D: the diamond, parents first as callers give it. */
    private List<Submission> diamond() {
        Submission a = submissions.ofType("resize", clock.now());
        Submission b = submissions.dependingOn(
                JobRequest.ofType("thumb"), clock.now(), List.of(a.job().id()));
        Submission c = submissions.dependingOn(
                JobRequest.ofType("thumb"), clock.now(), List.of(a.job().id()));
        Submission d = submissions.dependingOn(
                JobRequest.ofType("album"),
                clock.now(),
                List.of(b.job().id(), c.job().id()));
        return List.of(a, b, c, d);
    }

    private static JobId id(Submission submission) {
        return submission.job().id();
    }

    @Test
    void aCreatedWorkflowIsFoundWithItsJobsEdgesAndStates() {
        Workflow workflow = workflow("album 7");
        List<Submission> graph = diamond();

        List<Enqueued> created = workflows.create(workflow, graph);

        assertThat(created).allMatch(Enqueued::created);
        assertThat(created)
                .extracting(e -> e.job().id())
                .containsExactlyElementsOf(
                        graph.stream().map(WorkflowRepositoryContract::id).toList());
        WorkflowGraph found = workflows.findWorkflow(workflow.id()).orElseThrow();
        assertThat(found.workflow()).isEqualTo(workflow);
        assertThat(found.jobs())
                .extracting(Job::id)
                .containsExactlyElementsOf(graph.stream()
                        .map(WorkflowRepositoryContract::id)
                        .sorted()
                        .toList());
        assertThat(found.jobs())
                .filteredOn(job -> job.id().equals(id(graph.get(0))))
                .extracting(Job::state)
                .containsExactly(JobState.PENDING);
        assertThat(found.jobs())
                .filteredOn(job -> !job.id().equals(id(graph.get(0))))
                .extracting(Job::state)
                .containsOnly(JobState.WAITING);
        assertThat(found.edges())
                .containsExactlyInAnyOrder(
                        new Edge(id(graph.get(0)), id(graph.get(1))),
                        new Edge(id(graph.get(0)), id(graph.get(2))),
                        new Edge(id(graph.get(1)), id(graph.get(3))),
                        new Edge(id(graph.get(2)), id(graph.get(3))));
    }

    @Test
    void theJobsAreOrdinaryJobsAndTheWorkflowShowsThemAsTheyAreNow() {
        Workflow workflow = workflow("chain");
        Submission first = submissions.ofType("charge", clock.now());
        Submission second = submissions.dependingOn(JobRequest.ofType("email"), clock.now(), List.of(id(first)));
        workflows.create(workflow, List.of(first, second));

        Job running = jobs.claim(new ClaimRequest("worker-1", List.of("default"), Set.of(), 1, LEASE, clock.now()))
                .getFirst();
        assertThat(running.id()).isEqualTo(id(first));
        jobs.apply(List.of(new JobChange(
                running.id(), job -> job.completing(running.leaseToken(), new Json("{\"ok\":true}"), clock.now()))));

        WorkflowGraph found = workflows.findWorkflow(workflow.id()).orElseThrow();
        assertThat(found.jobs())
                .extracting(Job::id, Job::state)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(id(first), JobState.COMPLETED),
                        org.assertj.core.groups.Tuple.tuple(id(second), JobState.PENDING));
    }

    @Test
    void anUnknownIdFindsNothing() {
        workflows.create(workflow("other"), List.of(submissions.ofType("noop", clock.now())));

        assertThat(workflows.findWorkflow(WorkflowId.newId(clock.now(), random)))
                .isEmpty();
    }

    @Test
    void twoWorkflowsKeepTheirOwnJobs() {
        Workflow one = workflow("same name");
        Workflow two = workflow("same name");
        Submission ofOne = submissions.ofType("noop", clock.now());
        Submission ofTwo = submissions.ofType("noop", clock.now());
        jobs.enqueue(List.of(submissions.ofType("outside", clock.now())));

        workflows.create(one, List.of(ofOne));
        workflows.create(two, List.of(ofTwo));

        assertThat(workflows.findWorkflow(one.id()).orElseThrow().jobs())
                .extracting(Job::id)
                .containsExactly(id(ofOne));
        assertThat(workflows.findWorkflow(two.id()).orElseThrow().jobs())
                .extracting(Job::id)
                .containsExactly(id(ofTwo));
    }

    @Test
    void edgesToJobsOutsideTheWorkflowAreNotPartOfIt() {
        Submission outside = submissions.ofType("outside", clock.now());
        jobs.enqueue(List.of(outside));
        Submission inside = submissions.ofType("inside", clock.now());
        Submission child =
                submissions.dependingOn(JobRequest.ofType("child"), clock.now(), List.of(id(outside), id(inside)));
        Workflow workflow = workflow("mixed");

        workflows.create(workflow, List.of(inside, child));

        assertThat(workflows.findWorkflow(workflow.id()).orElseThrow().edges())
                .containsExactly(new Edge(id(inside), id(child)));
        assertThat(jobs.dependenciesOf(id(child))).hasSize(2);
    }

    @Test
    void aWorkflowThatCannotBeStoredLeavesNothingBehind() {
        Workflow workflow = workflow("broken");
        Submission parent = submissions.ofType("parent", clock.now());
        JobId unknown = JobId.newId(clock.now(), random);
        Submission child =
                submissions.dependingOn(JobRequest.ofType("child"), clock.now(), List.of(id(parent), unknown));

        assertThatThrownBy(() -> workflows.create(workflow, List.of(parent, child)))
                .isInstanceOf(JobValidationException.class)
                .hasMessageContaining(unknown.toString());

        assertThat(workflows.findWorkflow(workflow.id())).isEmpty();
        assertThat(jobs.find(id(parent))).isEmpty();
        assertThat(jobs.find(id(child))).isEmpty();
    }

    @Test
    void aWorkflowWhoseJobsAreAllPurgedIsGoneAndOnePurgedJobLeavesWithItsEdges() {
        Workflow workflow = workflow("purged");
        Submission parent = submissions.ofType("parent", clock.now());
        Submission child = submissions.dependingOn(JobRequest.ofType("child"), clock.now(), List.of(id(parent)));
        workflows.create(workflow, List.of(parent, child));
        jobs.apply(List.of(new JobChange(id(parent), job -> job.cancelling(clock.now()))));
        assertThat(jobs.find(id(child)).orElseThrow().state()).isEqualTo(JobState.CANCELLED);

        purger.purge(id(parent));
        WorkflowGraph rest = workflows.findWorkflow(workflow.id()).orElseThrow();
        assertThat(rest.jobs()).extracting(Job::id).containsExactly(id(child));
        assertThat(rest.edges()).isEmpty();

        purger.purge(id(child));
        assertThat(workflows.findWorkflow(workflow.id())).isEmpty();
    }
}
