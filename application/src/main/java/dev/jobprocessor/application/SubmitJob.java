package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.JobTracing;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.NewJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Creates jobs, one or a batch, idempotently: a repeated idempotency key with the same request returns the job it
 * created; with a different request it is an {@link dev.jobprocessor.domain.IdempotencyConflictException}.
 */
public final class SubmitJob {

    public static final int MAX_BATCH_SIZE = 1_000;

    private final JobRepository repository;
    private final Clock clock;
    private final RandomGenerator random;
    private final CallbackPolicy callbacks;
    private final JobTracing tracing;

    /** Without webhooks: a job with a {@code callback_url} is refused (docs/WEBHOOKS.md). */
    public SubmitJob(JobRepository repository, Clock clock, RandomGenerator random) {
        this(repository, clock, random, CallbackPolicy.off());
    }

    /**
     * {@code random} draws the random bits of new ids; it is shared by all callers, so it must be thread-safe.
     * {@code callbacks} judges each job's {@code callback_url}.
     */
    public SubmitJob(JobRepository repository, Clock clock, RandomGenerator random, CallbackPolicy callbacks) {
        this(repository, clock, random, callbacks, JobTracing.NONE);
    }

    /** As above, storing with each new job the trace its submit runs in ({@link JobTracing#current()}). */
    public SubmitJob(
            JobRepository repository,
            Clock clock,
            RandomGenerator random,
            CallbackPolicy callbacks,
            JobTracing tracing) {
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        this.repository = repository;
        this.clock = clock;
        this.random = random;
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
    }

    public Enqueued submit(JobRequest request) {
        return submit(request, null);
    }

    /** As {@link #submit(JobRequest)}, recording {@code createdBy} (an API token's name) on the new job. */
    public Enqueued submit(JobRequest request, String createdBy) {
        NewJob spec = request.validate();
        Instant now = clock.now();
        List<FieldProblem> problems = new ArrayList<>();
        callbacks.check(spec, "", problems);
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        List<Submission> submissions =
                JobGraph.resolve(List.of(spec), List.of(JobId.newId(now, random)), i -> "", problems).stream()
                        .map(resolved -> resolved.submission(
                                now, createdBy, tracing.current().orElse(null), callbacks::withQueueDefault))
                        .toList();
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        return repository.enqueue(submissions).getFirst();
    }

    /**
     * Creates every job or none. Problems are reported for all jobs at once, with fields named {@code jobs[i].field};
     * two jobs of one batch may not share an idempotency key or a ref, and the refs they depend on may not form a
     * cycle (docs/WORKFLOWS.md).
     */
    public List<Enqueued> submitAll(List<JobRequest> requests) {
        return submitAll(requests, null);
    }

    /** As {@link #submitAll(List)}, recording {@code createdBy} (an API token's name) on the new jobs. */
    public List<Enqueued> submitAll(List<JobRequest> requests, String createdBy) {
        Instant now = clock.now();
        BatchPlan plan = BatchPlan.of(requests, now, random, callbacks::check);
        return plan.inRequestOrder(repository.enqueue(
                plan.submissions(now, createdBy, tracing.current().orElse(null), callbacks)));
    }
}
