package dev.jobprocessor.application;

import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.LeaseToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Extends a running job's lease for the worker that holds it, so a long attempt is not mistaken for a crash. */
public final class Heartbeat {

    private final JobRepository repository;
    private final Clock clock;

    public Heartbeat(JobRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** The job with its lease now running until {@code now + extension}. */
    public Job heartbeat(JobId id, LeaseToken token, Duration extension) {
        checkExtension(extension);
        return SingleChange.apply(repository, id, job -> job.heartbeating(token, extension, clock.now()));
    }

    /**
     * Extends the leases of many jobs this process claimed, in one store call: {@code held} are the jobs as their
     * claims returned them, so the store may extend them all with one compare-and-set ({@link JobChange#leased()}).
     * Each is applied or rejected on its own; a lost lease comes back {@code Rejected} with a
     * {@link dev.jobprocessor.domain.LeaseLostException}.
     */
    public List<ChangeOutcome> heartbeatAll(List<Job> held, Duration extension) {
        checkExtension(extension);
        if (held.isEmpty()) {
            return List.of();
        }
        Instant now = clock.now();
        return repository.apply(held.stream()
                .map(job ->
                        new JobChange(job.id(), current -> current.heartbeating(job.leaseToken(), extension, now), job))
                .toList());
    }

    /**
     * Extends many leases in one store call, each proven by its token alone (a remote worker's batch heartbeat):
     * each is applied or rejected on its own. Bad extensions are refused together, before anything is written, named
     * {@code jobs[i].extend_seconds}.
     */
    public List<ChangeOutcome> extendAll(List<LeaseExtension> extensions) {
        List<FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < extensions.size(); i++) {
            LeaseBounds.check(
                    problems,
                    "jobs[" + i + "].extend_seconds",
                    extensions.get(i).extension());
        }
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        if (extensions.isEmpty()) {
            return List.of();
        }
        Instant now = clock.now();
        return repository.apply(extensions.stream()
                .map(e -> new JobChange(e.id(), current -> current.heartbeating(e.token(), e.extension(), now)))
                .toList());
    }

    /**
     * Which of {@code held} (jobs this process runs) an operator has asked to stop since they were claimed: the embedded
     * worker's way of learning what a remote worker reads in its heartbeat answer.
     */
    public List<JobId> cancelRequested(List<JobId> held) {
        return held.isEmpty() ? List.of() : repository.findCancelRequested(held);
    }

    private static void checkExtension(Duration extension) {
        List<FieldProblem> problems = new ArrayList<>();
        LeaseBounds.check(problems, "extend_seconds", extension);
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
    }
}
