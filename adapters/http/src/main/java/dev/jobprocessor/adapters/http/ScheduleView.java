package dev.jobprocessor.adapters.http;

import static dev.jobprocessor.adapters.http.JobView.time;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.jobprocessor.domain.DurationText;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.NewJob;
import dev.jobprocessor.domain.UniqueField;
import dev.jobprocessor.domain.Uniqueness;
import dev.jobprocessor.domain.schedule.Schedule;
import dev.jobprocessor.domain.schedule.ScheduleDefinition;
import java.time.Instant;
import java.util.List;

/**
 * A schedule as the API shows it (docs/SCHEDULES.md, "API"): its definition in the shape it is sent in, then its state.
 * {@code upcoming} (the next five fire times) is in the answer for one schedule only.
 */
record ScheduleView(
        String name,
        String cron,
        String timezone,
        TemplateView job,
        String misfire,
        String overlap,
        String catchUpWindow,
        boolean paused,
        String nextFireAt,
        String lastFireAt,
        String lastJobId,
        String createdAt,
        String updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> upcoming) {

    static ScheduleView from(Schedule schedule) {
        return from(schedule, null);
    }

    static ScheduleView from(Schedule schedule, List<Instant> upcoming) {
        ScheduleDefinition definition = schedule.definition();
        return new ScheduleView(
                definition.name(),
                definition.cron(),
                definition.timezone().getId(),
                TemplateView.from(definition.job()),
                definition.misfire().wireName(),
                definition.overlap().wireName(),
                DurationText.format(definition.catchUpWindow()),
                schedule.paused(),
                schedule.nextFireAt().map(JobView::time).orElse(null),
                schedule.lastFireAt().map(JobView::time).orElse(null),
                schedule.lastJobId().map(id -> id.value().toString()).orElse(null),
                time(schedule.createdAt()),
                time(schedule.updatedAt()),
                upcoming == null ? null : upcoming.stream().map(JobView::time).toList());
    }

    /** The job each tick enqueues: the fields of {@code POST /jobs} a schedule may set. */
    record TemplateView(
            String type,
            String queue,
            @JsonRawValue String payload,
            int priority,
            int maxAttempts,
            int timeoutSeconds,
            String concurrencyKey,
            @JsonInclude(JsonInclude.Include.NON_NULL) UniqueTemplateView unique) {

        static TemplateView from(NewJob job) {
            return new TemplateView(
                    job.type(),
                    job.queue(),
                    job.payload().text(),
                    job.priority(),
                    job.maxAttempts(),
                    job.timeoutSeconds(),
                    job.concurrencyKey(),
                    UniqueTemplateView.from(job.unique()));
        }
    }

    /** {@code unique} as it is sent: the fields, the period, the states (docs/UNIQUE_JOBS.md). */
    record UniqueTemplateView(List<String> by, Long periodSeconds, List<String> states) {
        static UniqueTemplateView from(Uniqueness unique) {
            return unique == null
                    ? null
                    : new UniqueTemplateView(
                            unique.by().stream()
                                    .map(UniqueField::wireName)
                                    .sorted()
                                    .toList(),
                            unique.period() == null ? null : unique.period().toSeconds(),
                            unique.states().stream()
                                    .map(JobState::wireName)
                                    .sorted()
                                    .toList());
        }
    }

    /** {@code GET /schedules}: every schedule, by name. */
    record SchedulesView(List<ScheduleView> schedules) {
        static SchedulesView from(List<Schedule> schedules) {
            return new SchedulesView(schedules.stream().map(ScheduleView::from).toList());
        }
    }
}
