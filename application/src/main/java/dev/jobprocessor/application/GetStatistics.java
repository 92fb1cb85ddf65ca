package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.Leadership;
import dev.jobprocessor.application.port.PendingBacklog;
import dev.jobprocessor.application.port.StatisticsReader;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Gathers the operator's view of the store, of who leads its maintenance and of the jobs table's health (see
 * {@link JobStatistics}).
 */
public final class GetStatistics {

    public static final int RECENT_FAILURES = 20;

    private final StatisticsReader reader;
    private final Leadership leadership;
    private final Clock clock;

    public GetStatistics(StatisticsReader reader, Leadership leadership, Clock clock) {
        this.reader = reader;
        this.leadership = leadership;
        this.clock = clock;
    }

    public JobStatistics statistics() {
        Instant now = clock.now();
        Map<String, Duration> ages = new HashMap<>();
        for (PendingBacklog backlog : reader.oldestEligiblePending(now)) {
            Duration age = Duration.between(backlog.oldestRunAt(), now);
            ages.put(backlog.queue(), age.isNegative() ? Duration.ZERO : age);
        }
        return JobStatistics.of(
                now,
                reader.counts(),
                ages,
                reader.recentFailures(RECENT_FAILURES),
                leadership.leader().orElse(null),
                reader.tableHealth());
    }
}
