package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.PendingBacklog;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Gathers the operator's view of the store (see {@link JobStatistics}). */
public final class GetStatistics {

    public static final int RECENT_FAILURES = 20;

    private final JobRepository repository;
    private final Clock clock;

    public GetStatistics(JobRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public JobStatistics statistics() {
        Instant now = clock.now();
        Map<String, Duration> ages = new HashMap<>();
        for (PendingBacklog backlog : repository.oldestEligiblePending(now)) {
            Duration age = Duration.between(backlog.oldestRunAt(), now);
            ages.put(backlog.queue(), age.isNegative() ? Duration.ZERO : age);
        }
        return JobStatistics.of(now, repository.counts(), ages, repository.recentFailures(RECENT_FAILURES));
    }
}
