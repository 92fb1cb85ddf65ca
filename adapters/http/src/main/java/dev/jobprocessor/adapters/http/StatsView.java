package dev.jobprocessor.adapters.http;

import dev.jobprocessor.application.JobStatistics;
import dev.jobprocessor.application.port.RecentFailure;
import dev.jobprocessor.application.port.TableHealth;
import dev.jobprocessor.application.port.TableHealth.OpenTransaction;
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
        String leader,
        TableHealthView tableHealth) {

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

    /**
     * The jobs table's health (docs/SPEC.md §7.2); the whole object is {@code null} where the store has no table (in
     * memory). The {@code oldest_transaction_*} fields other than the age are {@code null} when no other transaction
     * is open, and the age is then 0.
     */
    record TableHealthView(
            long liveTuples,
            long deadTuples,
            long tableBytes,
            long indexBytes,
            String lastVacuumAt,
            String lastAutovacuumAt,
            BigDecimal secondsSinceAutovacuum,
            long autovacuumCount,
            BigDecimal oldestTransactionAgeSeconds,
            Integer oldestTransactionPid,
            String oldestTransactionState,
            String oldestTransactionApplication,
            Boolean oldestTransactionHoldsBackVacuum) {

        static TableHealthView from(TableHealth health) {
            OpenTransaction oldest = health.oldestTransaction().orElse(null);
            return new TableHealthView(
                    health.liveTuples(),
                    health.deadTuples(),
                    health.totalBytes(),
                    health.indexBytes(),
                    health.lastVacuum().map(JobView::time).orElse(null),
                    health.lastAutovacuum().map(JobView::time).orElse(null),
                    health.sinceAutovacuum().map(StatsView::seconds).orElse(null),
                    health.autovacuumCount(),
                    seconds(health.oldestTransactionAge()),
                    oldest == null ? null : oldest.processId(),
                    oldest == null ? null : oldest.state(),
                    oldest == null ? null : oldest.applicationName(),
                    oldest == null ? null : oldest.holdsBackVacuum());
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
                stats.leader(),
                stats.tableHealth().map(TableHealthView::from).orElse(null));
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
