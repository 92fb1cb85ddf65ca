package dev.jobprocessor.adapters.postgres;

import static dev.jobprocessor.adapters.postgres.JobRows.instant;
import static dev.jobprocessor.adapters.postgres.JobRows.utc;

import dev.jobprocessor.adapters.postgres.jooq.tables.records.SchedulesRecord;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.NewJob;
import dev.jobprocessor.domain.UniqueField;
import dev.jobprocessor.domain.Uniqueness;
import dev.jobprocessor.domain.schedule.MisfirePolicy;
import dev.jobprocessor.domain.schedule.OverlapPolicy;
import dev.jobprocessor.domain.schedule.Schedule;
import dev.jobprocessor.domain.schedule.ScheduleDefinition;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.JSON;

/** Maps between a {@link Schedule} and its row in {@code schedules} (migration V11). */
final class ScheduleRows {

    private ScheduleRows() {}

    static SchedulesRecord toRecord(Schedule schedule) {
        ScheduleDefinition definition = schedule.definition();
        NewJob job = definition.job();
        SchedulesRecord row = new SchedulesRecord();
        row.setName(definition.name());
        row.setId(schedule.id());
        row.setCron(definition.cron());
        row.setTimezone(definition.timezone().getId());
        row.setJobType(job.type());
        row.setJobQueue(job.queue());
        row.setJobPayload(JSON.json(job.payload().text()));
        row.setJobPriority((short) job.priority());
        row.setJobMaxAttempts((short) job.maxAttempts());
        row.setJobTimeoutSeconds(job.timeoutSeconds());
        row.setJobConcurrencyKey(job.concurrencyKey());
        Uniqueness unique = job.unique();
        row.setJobUniqueBy(
                unique == null
                        ? null
                        : unique.by().stream()
                                .map(UniqueField::wireName)
                                .sorted()
                                .toArray(String[]::new));
        row.setJobUniquePeriodSeconds(
                unique == null || unique.period() == null
                        ? null
                        : (int) unique.period().toSeconds());
        row.setJobUniqueStates(
                unique == null
                        ? null
                        : unique.states().stream()
                                .map(JobState::wireName)
                                .sorted()
                                .toArray(String[]::new));
        row.setMisfire(definition.misfire().wireName());
        row.setOverlap(definition.overlap().wireName());
        row.setCatchUpWindowSeconds(definition.catchUpWindow().toSeconds());
        row.setPaused(schedule.paused());
        row.setNextFireAt(utc(schedule.nextFireAt().orElse(null)));
        row.setLastFireAt(utc(schedule.lastFireAt().orElse(null)));
        row.setLastJobId(schedule.lastJobId().map(JobId::value).orElse(null));
        row.setCreatedAt(utc(schedule.createdAt()));
        row.setUpdatedAt(utc(schedule.updatedAt()));
        return row;
    }

    static Schedule toSchedule(SchedulesRecord row) {
        NewJob job = new NewJob(
                row.getJobType(),
                row.getJobQueue(),
                new Json(row.getJobPayload().data()),
                row.getJobPriority(),
                null,
                row.getJobMaxAttempts(),
                row.getJobTimeoutSeconds(),
                null,
                row.getJobConcurrencyKey(),
                row.getJobUniqueBy() == null
                        ? null
                        : new Uniqueness(
                                Arrays.stream(row.getJobUniqueBy())
                                        .map(name -> UniqueField.valueOf(name.toUpperCase(Locale.ROOT)))
                                        .collect(Collectors.toSet()),
                                row.getJobUniquePeriodSeconds() == null
                                        ? null
                                        : Duration.ofSeconds(row.getJobUniquePeriodSeconds()),
                                Arrays.stream(row.getJobUniqueStates())
                                        .map(JobState::fromWireName)
                                        .collect(Collectors.toSet())));
        return new Schedule(
                row.getId(),
                new ScheduleDefinition(
                        row.getName(),
                        row.getCron(),
                        ZoneId.of(row.getTimezone()),
                        job,
                        MisfirePolicy.valueOf(row.getMisfire().toUpperCase(Locale.ROOT)),
                        OverlapPolicy.valueOf(row.getOverlap().toUpperCase(Locale.ROOT)),
                        Duration.ofSeconds(row.getCatchUpWindowSeconds())),
                row.getPaused(),
                Optional.ofNullable(instant(row.getNextFireAt())),
                Optional.ofNullable(instant(row.getLastFireAt())),
                Optional.ofNullable(row.getLastJobId()).map(JobId::new),
                instant(row.getCreatedAt()),
                instant(row.getUpdatedAt()));
    }
}
