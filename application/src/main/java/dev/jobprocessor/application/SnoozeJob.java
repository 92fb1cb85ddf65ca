package dev.jobprocessor.application;

import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobLimits;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.LeaseToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Puts running jobs off for their lease holders: pending again after a delay, the attempt not counted, at most
 * {@link JobLimits#MAX_SNOOZES} times per retry cycle (docs/QUEUE_CONTROL.md, "Snooze").
 */
public final class SnoozeJob {

    private final JobRepository repository;
    private final Clock clock;

    public SnoozeJob(JobRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** The job, pending again until {@code now + delay}. */
    public Job snooze(JobId id, LeaseToken token, Duration delay) {
        return SingleChange.unwrap(
                snoozeAll(List.of(new SnoozeReport(id, token, delay))).getFirst());
    }

    /** Records many snoozes in one round trip; each succeeds or is rejected on its own. */
    public List<ChangeOutcome> snoozeAll(List<SnoozeReport> reports) {
        reports.forEach(report -> checkDelay(report.delay()));
        Instant now = clock.now();
        return repository.apply(reports.stream()
                .map(r -> new JobChange(r.id(), job -> job.snoozing(r.token(), r.delay(), now), r.leased()))
                .toList());
    }

    private static void checkDelay(Duration delay) {
        if (delay == null
                || delay.compareTo(Duration.ofSeconds(JobLimits.MIN_SNOOZE_SECONDS)) < 0
                || delay.compareTo(Duration.ofSeconds(JobLimits.MAX_SNOOZE_SECONDS)) > 0) {
            throw new JobValidationException(List.of(new FieldProblem(
                    "seconds",
                    "must be between " + JobLimits.MIN_SNOOZE_SECONDS + " and " + JobLimits.MAX_SNOOZE_SECONDS)));
        }
    }
}
