package dev.jobprocessor.application;

import dev.jobprocessor.application.port.JobCount;
import dev.jobprocessor.application.port.RecentFailure;
import dev.jobprocessor.application.port.TableHealth;
import dev.jobprocessor.domain.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What {@code GET /admin/stats} shows: counts by state, by type and by queue; how long the oldest due job of each
 * queue has waited; the average attempts of failed and dead jobs; the latest failures; the name of the process that
 * leads maintenance ({@code null} when none does); and the jobs table's storage health (empty where the store has no
 * table, as in memory).
 */
public record JobStatistics(
        Instant asOf,
        Map<JobState, Long> byState,
        Map<String, Map<JobState, Long>> byType,
        Map<String, Map<JobState, Long>> byQueue,
        Map<String, Duration> oldestPendingAge,
        OptionalDouble averageAttemptsFailed,
        OptionalDouble averageAttemptsDead,
        List<RecentFailure> recentFailures,
        String leader,
        Optional<TableHealth> tableHealth) {

    /** Folds raw counts into the views above; every state appears in every map, with zero when there is none. */
    static JobStatistics of(
            Instant asOf,
            List<JobCount> counts,
            Map<String, Duration> oldestPendingAge,
            List<RecentFailure> failures,
            String leader,
            Optional<TableHealth> tableHealth) {
        return new JobStatistics(
                asOf,
                Collections.unmodifiableMap(byState(counts)),
                grouped(counts, JobCount::type),
                byQueue(counts),
                Collections.unmodifiableMap(new TreeMap<>(oldestPendingAge)),
                averageAttempts(counts, JobState.FAILED),
                averageAttempts(counts, JobState.DEAD),
                List.copyOf(failures),
                leader,
                tableHealth);
    }

    private static Map<JobState, Long> byState(List<JobCount> counts) {
        Map<JobState, Long> totals = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            totals.put(state, 0L);
        }
        counts.forEach(c -> totals.merge(c.state(), c.count(), Long::sum));
        return totals;
    }

    /** The jobs of each queue by state, every state present (0 when none): shared with {@link ListQueues}. */
    static Map<String, Map<JobState, Long>> byQueue(List<JobCount> counts) {
        return grouped(counts, JobCount::queue);
    }

    private static Map<String, Map<JobState, Long>> grouped(List<JobCount> counts, Function<JobCount, String> key) {
        Map<String, List<JobCount>> groups = new TreeMap<>();
        counts.forEach(c -> groups.computeIfAbsent(key.apply(c), k -> new java.util.ArrayList<>())
                .add(c));
        Map<String, Map<JobState, Long>> result = new TreeMap<>();
        groups.forEach((name, group) -> result.put(name, Collections.unmodifiableMap(byState(group))));
        return Collections.unmodifiableMap(result);
    }

    private static OptionalDouble averageAttempts(List<JobCount> counts, JobState state) {
        long jobs = 0;
        long attempts = 0;
        for (JobCount c : counts) {
            if (c.state() == state) {
                jobs += c.count();
                attempts += c.attemptsSum();
            }
        }
        return jobs == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) attempts / jobs);
    }
}
