package dev.jobprocessor.application;

import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.Dependency;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobLimits;
import dev.jobprocessor.domain.JobValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Claims due jobs for a worker: each comes back running, with a lease token only this worker receives. */
public final class LeaseJobs {

    public static final int MAX_LIMIT = 100;
    public static final int MAX_QUEUES = 100;
    public static final int MAX_WORKER_ID_LENGTH = 200;

    private final JobRepository repository;
    private final Clock clock;

    public LeaseJobs(JobRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * The jobs {@code id} depends on, with their states and results now (docs/WORKFLOWS.md): what a worker hands its
     * handler as the attempt's context.
     */
    public List<Dependency> dependenciesOf(JobId id) {
        return repository.dependenciesOf(id);
    }

    public List<Job> lease(LeaseRequest request) {
        validate(request);
        return repository.claim(new ClaimRequest(
                request.workerId(),
                request.queues(),
                request.types() == null ? Set.of() : request.types(),
                request.limit(),
                request.lease(),
                clock.now()));
    }

    private static void validate(LeaseRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        String workerId = request.workerId();
        if (workerId == null
                || workerId.isBlank()
                || workerId.length() > MAX_WORKER_ID_LENGTH
                || !workerId.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
            problems.add(new FieldProblem(
                    "worker_id", "must be 1 to " + MAX_WORKER_ID_LENGTH + " printable ASCII characters"));
        }
        if (request.queues() == null
                || request.queues().isEmpty()
                || request.queues().size() > MAX_QUEUES) {
            problems.add(new FieldProblem("queues", "must name between 1 and " + MAX_QUEUES + " queues"));
        } else if (!request.queues().stream()
                .allMatch(q -> q != null && JobLimits.QUEUE_PATTERN.matcher(q).matches())) {
            problems.add(new FieldProblem(
                    "queues", "must contain only queue names matching " + JobLimits.QUEUE_PATTERN.pattern()));
        }
        if (request.types() != null
                && !request.types().stream()
                        .allMatch(t ->
                                t != null && JobLimits.TYPE_PATTERN.matcher(t).matches())) {
            problems.add(new FieldProblem(
                    "types", "must contain only job types matching " + JobLimits.TYPE_PATTERN.pattern()));
        }
        if (request.limit() < 1 || request.limit() > MAX_LIMIT) {
            problems.add(new FieldProblem("limit", "must be between 1 and " + MAX_LIMIT));
        }
        LeaseBounds.check(problems, "lease_seconds", request.lease());
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
    }
}
