package dev.jobprocessor.application;

import dev.jobprocessor.application.port.BatchRepository;
import dev.jobprocessor.application.port.BatchStatus;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.JobTracing;
import dev.jobprocessor.domain.DisplayName;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobStateCounts;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.NewJob;
import dev.jobprocessor.domain.batch.Batch;
import dev.jobprocessor.domain.batch.BatchCallback;
import dev.jobprocessor.domain.batch.BatchId;
import dev.jobprocessor.domain.batch.BatchTally;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Submitting and reading batches with callbacks (docs/WORKFLOWS.md, "Batches with callbacks"): a group of jobs, and
 * the jobs to enqueue when they have all completed ({@code on_success}), all ended ({@code on_finish}), or when the
 * first of them fails or dies ({@code on_dead}). The store enqueues each callback exactly once, in the transaction of
 * the job end that meets its condition.
 */
public final class ManageBatches {

    private static final BatchPlan.ExtraRules SELF_CONTAINED = ManageWorkflows.selfContained("batch");

    private final BatchRepository batches;
    private final Clock clock;
    private final RandomGenerator random;
    private final CallbackPolicy callbackPolicy;
    private final JobTracing tracing;

    /** {@code random} draws the random bits of new ids; it is shared by all callers, so it must be thread-safe. */
    public ManageBatches(BatchRepository batches, Clock clock, RandomGenerator random) {
        this(batches, clock, random, CallbackPolicy.off());
    }

    /** As above, {@code callbackPolicy} judging the {@code callback_url} of each job (docs/WEBHOOKS.md). */
    public ManageBatches(BatchRepository batches, Clock clock, RandomGenerator random, CallbackPolicy callbackPolicy) {
        this(batches, clock, random, callbackPolicy, JobTracing.NONE);
    }

    /** As above, storing with each job the trace the submit runs in ({@link JobTracing#current()}). */
    public ManageBatches(
            BatchRepository batches,
            Clock clock,
            RandomGenerator random,
            CallbackPolicy callbackPolicy,
            JobTracing tracing) {
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        this.callbackPolicy = Objects.requireNonNull(callbackPolicy, "callbackPolicy");
        this.batches = batches;
        this.clock = clock;
        this.random = random;
    }

    /** A batch just stored, and its jobs in the order of the requests. */
    public record Submitted(BatchStatus status, List<Job> jobs) {}

    /**
     * Stores the batch and every one of its jobs, or nothing. {@code name} may be {@code null}. Problems with the
     * name, the callbacks (named {@code on_success.field} and so on) and every job ({@code jobs[i].field}) are reported
     * at once. The jobs follow a workflow's rules: refs only, no keys; a callback is a plain job (no keys, no
     * {@code run_at}, no graph).
     */
    public Submitted submit(
            String name, List<JobRequest> requests, Map<BatchCallback, JobRequest> callbacks, String createdBy) {
        List<FieldProblem> problems = new ArrayList<>();
        if (name != null && DisplayName.problemOf(name) != null) {
            problems.add(new FieldProblem("name", DisplayName.problemOf(name)));
        }
        Map<BatchCallback, NewJob> templates = new EnumMap<>(BatchCallback.class);
        callbacks.forEach((callback, request) -> {
            NewJob template = template(callback.wireName() + ".", request, problems);
            if (template != null) {
                templates.put(callback, template);
            }
        });
        Instant now = clock.now();
        BatchPlan plan = null;
        try {
            plan = BatchPlan.of(requests, now, random, SELF_CONTAINED.and(callbackPolicy::check));
        } catch (JobValidationException invalid) {
            problems.addAll(invalid.problems());
        }
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        BatchId id = BatchId.newId(now, random);
        Batch batch = new Batch(id, name, requests.size(), now, createdBy, templates);
        List<Job> jobs = plan
                .inRequestOrder(batches.create(
                        batch,
                        plan.submissions(now, createdBy, tracing.current().orElse(null), callbackPolicy)))
                .stream()
                .map(Enqueued::job)
                .toList();
        return new Submitted(
                new BatchStatus(batch, BatchTally.of(jobs.size()), JobStateCounts.of(jobs), Map.of()), jobs);
    }

    public BatchStatus get(BatchId id) {
        return batches.findBatch(id).orElseThrow(() -> new BatchNotFoundException(id));
    }

    private static NewJob template(String prefix, JobRequest request, List<FieldProblem> problems) {
        int before = problems.size();
        if (request.idempotencyKey() != null) {
            problems.add(new FieldProblem(prefix + "idempotency_key", "is not taken in a callback"));
        }
        if (request.unique() != null) {
            problems.add(new FieldProblem(prefix + "unique", "is not taken in a callback"));
        }
        if (request.runAt() != null) {
            problems.add(new FieldProblem(prefix + "run_at", "is not taken in a callback: it runs when enqueued"));
        }
        if (request.graph() != null) {
            problems.add(new FieldProblem(
                    prefix + "depends_on", "is not taken in a callback: the batch decides when it runs"));
        }
        if (request.callbackUrl() != null) {
            problems.add(new FieldProblem(prefix + "callback_url", "is not taken in a callback job yet"));
        }
        try {
            NewJob template = request.validate();
            return problems.size() == before ? template : null;
        } catch (JobValidationException invalid) {
            invalid.problems().forEach(p -> problems.add(new FieldProblem(prefix + p.field(), p.problem())));
            return null;
        }
    }
}
