package dev.jobprocessor.adapters.metrics;

import dev.jobprocessor.application.port.ScheduleRepository.FireOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What this process's firings of schedules did (docs/SCHEDULES.md), labelled by schedule: jobs enqueued
 * ({@code jobs_schedule_fires_total}), ticks the misfire policy let go ({@code jobs_schedule_misfires_skipped_total}),
 * ticks the overlap policy let go ({@code jobs_schedule_overlaps_skipped_total}), and ticks whose job existed already
 * ({@code jobs_schedule_duplicates_avoided_total}). Sum over processes: each firing happens in exactly one.
 */
public final class ScheduleMetrics {

    private final MeterRegistry registry;

    public ScheduleMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void fired(FireOutcome outcome) {
        count(
                "jobs.schedule.fires",
                "Jobs enqueued by schedules' ticks",
                outcome,
                outcome.created().size());
        count(
                "jobs.schedule.misfires.skipped",
                "Missed ticks of schedules that enqueued nothing (the misfire policy)",
                outcome,
                outcome.missedSkipped());
        count(
                "jobs.schedule.overlaps.skipped",
                "Ticks of schedules that enqueued nothing because the previous job was unfinished",
                outcome,
                outcome.overlapSkipped());
        count(
                "jobs.schedule.duplicates.avoided",
                "Ticks of schedules whose job existed already and was not enqueued again",
                outcome,
                outcome.alreadyFired());
    }

    private void count(String name, String description, FireOutcome outcome, long amount) {
        Counter counter = Counter.builder(name)
                .description(description)
                .tags("schedule", outcome.schedule())
                .register(registry);
        if (amount > 0) {
            counter.increment(amount);
        }
    }
}
