package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.NewJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** {@code random} draws the random bits of new ids; it is shared by all callers, so it must be thread-safe. */
    public SubmitJob(JobRepository repository, Clock clock, RandomGenerator random) {
        this.repository = repository;
        this.clock = clock;
        this.random = random;
    }

    public Enqueued submit(JobRequest request) {
        return submit(request, null);
    }

    /** As {@link #submit(JobRequest)}, recording {@code createdBy} (an API token's name) on the new job. */
    public Enqueued submit(JobRequest request, String createdBy) {
        NewJob spec = request.validate();
        Instant now = clock.now();
        List<FieldProblem> problems = new ArrayList<>();
        List<Submission> submissions =
                JobGraph.resolve(List.of(spec), List.of(JobId.newId(now, random)), i -> "", problems).stream()
                        .map(resolved -> submission(resolved, now, createdBy))
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
        List<FieldProblem> problems = new ArrayList<>();
        if (requests.isEmpty() || requests.size() > MAX_BATCH_SIZE) {
            problems.add(new FieldProblem("jobs", "must hold between 1 and " + MAX_BATCH_SIZE + " jobs"));
            throw new JobValidationException(problems);
        }
        List<NewJob> specs = new ArrayList<>(requests.size());
        Map<String, Integer> firstIndexOfKey = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            String prefix = "jobs[" + i + "].";
            try {
                NewJob spec = requests.get(i).validate();
                specs.add(spec);
                if (spec.idempotencyKey() != null) {
                    Integer first = firstIndexOfKey.putIfAbsent(spec.idempotencyKey(), i);
                    if (first != null) {
                        problems.add(new FieldProblem(
                                prefix + "idempotency_key", "repeats the key of jobs[" + first + "] in this batch"));
                    }
                }
            } catch (JobValidationException invalid) {
                invalid.problems().forEach(p -> problems.add(new FieldProblem(prefix + p.field(), p.problem())));
            }
        }
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        Instant now = clock.now();
        List<JobId> ids = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            ids.add(JobId.newId(now, random));
        }
        List<JobGraph.Resolved> resolved = JobGraph.resolve(specs, ids, i -> "jobs[" + i + "].", problems);
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        // The store takes the parents of a batch before their children; the caller gets its own order back.
        List<Integer> order = JobGraph.parentsFirst(resolved);
        List<Enqueued> stored = repository.enqueue(order.stream()
                .map(i -> submission(resolved.get(i), now, createdBy))
                .toList());
        Enqueued[] inRequestOrder = new Enqueued[stored.size()];
        for (int k = 0; k < order.size(); k++) {
            inRequestOrder[order.get(k)] = stored.get(k);
        }
        return List.of(inRequestOrder);
    }

    private static Submission submission(JobGraph.Resolved resolved, Instant now, String createdBy) {
        Job job = Job.create(resolved.id(), resolved.spec(), now, createdBy);
        return new Submission(job, resolved.spec().fingerprint(), resolved.parents());
    }
}
