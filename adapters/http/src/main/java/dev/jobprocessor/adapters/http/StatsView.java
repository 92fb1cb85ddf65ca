package dev.jobprocessor.adapters.http;

import dev.jobprocessor.application.JobStatistics;
import dev.jobprocessor.application.port.RecentFailure;
import dev.jobprocessor.domain.JobState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** The body of {@code GET /admin/stats}. */
record StatsView(
        String asOf,
        Map<String, Long> byState,
        Map<String, Map<String, Long>> byType,
        Map<String, Map<String, Long>> byQueue,
        Map<String, BigDecimal> oldestPendingAgeSeconds,
        Map<String, BigDecimal> averageAttempts,
        List<FailureView> recentFailures,
        String leader) {

    record FailureView(String jobId, String type, String queue, String state, int attempt, String error, String at) {

        static FailureView from(RecentFailure f) {
            return new FailureView(
                    f.id().toString(),
                    f.type(),
                    f.queue(),
                    f.state().wireName(),
                    f.attempt(),
                    f.error(),
                    JobView.time(f.at()));
        }
    }

    static StatsView from(JobStatistics stats) {
        Map<String, Map<String, Long>> byType = new LinkedHashMap<>();
        stats.byType().forEach((type, counts) -> byType.put(type, wire(counts)));
        Map<String, Map<String, Long>> byQueue = new LinkedHashMap<>();
        stats.byQueue().forEach((queue, counts) -> byQueue.put(queue, wire(counts)));
        Map<String, BigDecimal> ages = new LinkedHashMap<>();
        stats.oldestPendingAge().forEach((queue, age) -> ages.put(queue, seconds(age)));
        Map<String, BigDecimal> attempts = new LinkedHashMap<>();
        attempts.put(JobState.FAILED.wireName(), rounded(stats.averageAttemptsFailed()));
        attempts.put(JobState.DEAD.wireName(), rounded(stats.averageAttemptsDead()));
        return new StatsView(
                JobView.time(stats.asOf()),
                wire(stats.byState()),
                byType,
                byQueue,
                ages,
                attempts,
                stats.recentFailures().stream().map(FailureView::from).toList(),
                stats.leader());
    }

    private static Map<String, Long> wire(Map<JobState, Long> counts) {
        Map<String, Long> wire = new LinkedHashMap<>();
        counts.forEach((state, count) -> wire.put(state.wireName(), count));
        return wire;
    }

    private static BigDecimal seconds(Duration age) {
        return BigDecimal.valueOf(age.toMillis()).movePointLeft(3);
    }

    /** {@code null} (JSON null) when there is no such job to average over. */
    private static BigDecimal rounded(OptionalDouble average) {
        return average.isPresent()
                ? BigDecimal.valueOf(average.getAsDouble()).setScale(2, RoundingMode.HALF_EVEN)
                : null;
    }
}
