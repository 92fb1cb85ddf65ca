package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.PendingBacklog;
import dev.jobprocessor.application.port.QueueRepository;
import dev.jobprocessor.application.port.StatisticsReader;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Queue;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@code GET /queues} and {@code GET /queues/{name}}: each queue's settings with its live counts. */
public final class ListQueues {

    /** Counting due jobs stops here: beyond it, an operator needs to know "many", not how many exactly. */
    public static final long DUE_CAP = 100_000;

    private final QueueRepository queues;
    private final StatisticsReader statistics;
    private final Clock clock;

    public ListQueues(QueueRepository queues, StatisticsReader statistics, Clock clock) {
        this.queues = Objects.requireNonNull(queues, "queues");
        this.statistics = Objects.requireNonNull(statistics, "statistics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every queue, by name. */
    public List<QueueStatus> list() {
        return withCounts(queues.queues());
    }

    public Optional<QueueStatus> get(String name) {
        return queues.queue(name).map(queue -> withCounts(List.of(queue)).getFirst());
    }

    List<QueueStatus> withCounts(List<Queue> of) {
        Instant now = clock.now();
        Map<String, Map<JobState, Long>> counts = JobStatistics.byQueue(statistics.counts());
        Map<String, Long> due = queues.dueCounts(now, DUE_CAP);
        Map<String, Instant> oldest = new HashMap<>();
        for (PendingBacklog backlog : statistics.oldestEligiblePending(now)) {
            oldest.put(backlog.queue(), backlog.oldestRunAt());
        }
        return of.stream()
                .map(queue -> new QueueStatus(
                        queue,
                        count(counts, queue.name(), JobState.PENDING),
                        due.getOrDefault(queue.name(), 0L),
                        count(counts, queue.name(), JobState.RUNNING),
                        oldest.containsKey(queue.name()) ? age(oldest.get(queue.name()), now) : null))
                .toList();
    }

    private static long count(Map<String, Map<JobState, Long>> counts, String queue, JobState state) {
        return counts.getOrDefault(queue, Map.of()).getOrDefault(state, 0L);
    }

    private static Duration age(Instant since, Instant now) {
        Duration age = Duration.between(since, now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
