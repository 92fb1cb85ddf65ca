package dev.jobprocessor.application;

import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.JobTracing;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.application.port.WorkflowGraph;
import dev.jobprocessor.application.port.WorkflowRepository;
import dev.jobprocessor.domain.DependencyRequest;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.InvalidTransitionException;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.Step;
import dev.jobprocessor.domain.workflow.Workflow;
import dev.jobprocessor.domain.workflow.WorkflowId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Submitting, reading, cancelling and retrying a workflow: a named graph of jobs (docs/WORKFLOWS.md, "Workflows").
 * Cancel and retry act on each of its jobs as the single-job operations do; the workflow's state follows from theirs.
 */
public final class ManageWorkflows {

    /** A workflow's jobs are its own: refs only, and no key that could hand back a job of another submit. */
    private static final BatchPlan.ExtraRules SELF_CONTAINED = selfContained("workflow");

    private final WorkflowRepository workflows;
    private final JobRepository jobs;
    private final Clock clock;
    private final RandomGenerator random;
    private final CallbackPolicy callbacks;
    private final JobTracing tracing;

    /** {@code random} draws the random bits of new ids; it is shared by all callers, so it must be thread-safe. */
    public ManageWorkflows(WorkflowRepository workflows, JobRepository jobs, Clock clock, RandomGenerator random) {
        this(workflows, jobs, clock, random, CallbackPolicy.off());
    }

    /** As above, {@code callbacks} judging each job's {@code callback_url} (docs/WEBHOOKS.md). */
    public ManageWorkflows(
            WorkflowRepository workflows,
            JobRepository jobs,
            Clock clock,
            RandomGenerator random,
            CallbackPolicy callbacks) {
        this(workflows, jobs, clock, random, callbacks, JobTracing.NONE);
    }

    /** As above, storing with each job the trace the submit runs in ({@link JobTracing#current()}). */
    public ManageWorkflows(
            WorkflowRepository workflows,
            JobRepository jobs,
            Clock clock,
            RandomGenerator random,
            CallbackPolicy callbacks,
            JobTracing tracing) {
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.workflows = workflows;
        this.jobs = jobs;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Stores the workflow and every one of its jobs, or nothing: problems with the name and with every job are
     * reported at once (the jobs' as {@code jobs[i].field}). The answer lists the jobs in the order of the requests,
     * so that a client can tell which id each of its refs got.
     */
    public WorkflowReport submit(String name, List<JobRequest> requests, String createdBy) {
        List<FieldProblem> problems = new ArrayList<>();
        String nameProblem = Workflow.problemOfName(name);
        if (nameProblem != null) {
            problems.add(new FieldProblem("name", nameProblem));
        }
        Instant now = clock.now();
        BatchPlan plan = null;
        try {
            plan = BatchPlan.of(requests, now, random, SELF_CONTAINED.and(callbacks::check));
        } catch (JobValidationException invalid) {
            problems.addAll(invalid.problems());
        }
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        Workflow workflow = new Workflow(WorkflowId.newId(now, random), name, now, createdBy);
        List<Submission> submissions =
                plan.submissions(now, createdBy, tracing.current().orElse(null), callbacks);
        List<Enqueued> stored = plan.inRequestOrder(workflows.create(workflow, submissions));
        List<WorkflowGraph.Edge> edges = submissions.stream()
                .flatMap(child -> child.dependsOn().stream()
                        .map(parent ->
                                new WorkflowGraph.Edge(parent, child.job().id())))
                .toList();
        return WorkflowReport.of(
                new WorkflowGraph(workflow, stored.stream().map(Enqueued::job).toList(), edges));
    }

    public WorkflowReport get(WorkflowId id) {
        return workflows.findWorkflow(id).map(WorkflowReport::of).orElseThrow(() -> new WorkflowNotFoundException(id));
    }

    /**
     * Cancels every job of the workflow that has not ended: waiting and pending ones at once, running ones by a
     * request their workers see (as {@link CancelJob}). A job that ends meanwhile, or that a cancelled parent's cascade
     * cancelled first, is left as it is. Returns the workflow as it is afterwards.
     */
    public WorkflowReport cancel(WorkflowId id) {
        return changeEach(id, job -> !job.state().isTerminal(), job -> job.cancelling(clock.now()));
    }

    /**
     * Retries every job of the workflow that ended failed, dead or cancelled (as {@link RetryJob}): each goes back to
     * pending, or to waiting while a job it depends on is not met, so the graph runs again from where it stopped.
     * Completed jobs keep their results. Returns the workflow as it is afterwards.
     */
    public WorkflowReport retry(WorkflowId id) {
        return changeEach(
                id,
                job -> job.state() == JobState.FAILED
                        || job.state() == JobState.DEAD
                        || job.state() == JobState.CANCELLED,
                job -> job.retrying(clock.now()));
    }

    private WorkflowReport changeEach(WorkflowId id, Predicate<Job> applies, Function<Job, Step> transition) {
        List<JobChange> changes = get(id).graph().jobs().stream()
                .filter(applies)
                .map(job -> new JobChange(job.id(), transition))
                .toList();
        for (ChangeOutcome outcome : jobs.apply(changes)) {
            if (outcome instanceof ChangeOutcome.Rejected rejected
                    && !(rejected.reason() instanceof InvalidTransitionException)) {
                throw rejected.reason();
            }
        }
        return get(id);
    }

    /**
     * The rules that keep the jobs of one submit its own ({@code group} names it in the problems: "workflow",
     * "batch"): no idempotency or unique key, either of which could hand back a job of another submit instead of
     * creating one, and parents named by the refs of the same submit only.
     */
    static BatchPlan.ExtraRules selfContained(String group) {
        return (spec, prefix, problems) -> {
            if (spec.idempotencyKey() != null) {
                problems.add(new FieldProblem(
                        prefix + "idempotency_key",
                        "is not taken in a " + group + ": submitting it again makes a new " + group));
            }
            if (spec.unique() != null) {
                problems.add(new FieldProblem(
                        prefix + "unique", "is not taken in a " + group + ": each of its jobs is created with it"));
            }
            for (int k = 0; k < spec.dependsOn().size(); k++) {
                if (DependencyRequest.isJobId(spec.dependsOn().get(k))) {
                    problems.add(new FieldProblem(
                            prefix + "depends_on[" + k + "]",
                            "must be the ref of a job of this " + group + ": its jobs depend only on each other"));
                }
            }
        };
    }
}
