package dev.jobprocessor.adapters.postgres;

import dev.jobprocessor.adapters.postgres.jooq.tables.records.JobsRecord;
import dev.jobprocessor.domain.CallbackUrl;
import dev.jobprocessor.domain.Dependencies;
import dev.jobprocessor.domain.DependencyPolicy;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.LeaseToken;
import dev.jobprocessor.domain.TraceParent;
import dev.jobprocessor.domain.UniqueKey;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jooq.JSON;
import org.jooq.JSONB;

/** Maps between a {@link Job} and its row in {@code jobs}; the one place that knows both shapes. */
final class JobRows {

    private JobRows() {}

    static JobsRecord toRecord(Job job, String fingerprint) {
        JobsRecord row = new JobsRecord();
        row.setId(job.id().value());
        row.setType(job.type());
        row.setQueue(job.queue());
        row.setPayload(JSON.json(job.payload().text()));
        row.setPriority((short) job.priority());
        row.setState(job.state().wireName());
        row.setAttempts((short) job.attempts());
        row.setMaxAttempts((short) job.maxAttempts());
        row.setRunAt(utc(job.runAt()));
        row.setTimeoutSeconds(job.timeoutSeconds());
        row.setIdempotencyKey(job.idempotencyKey());
        row.setIdempotencyFingerprint(job.idempotencyKey() == null ? null : fingerprint);
        row.setResult(job.result() == null ? null : JSON.json(job.result().text()));
        row.setLastError(job.lastError());
        row.setErrors(JSONB.jsonb(ErrorHistory.toJson(job.errors())));
        row.setLastFailedAt(lastFailedAt(job));
        row.setCreatedBy(job.createdBy());
        row.setLeaseToken(job.leaseToken() == null ? null : job.leaseToken().value());
        row.setLeaseOwner(job.leaseOwner());
        row.setLeaseExpiresAt(utc(job.leaseExpiresAt()));
        row.setCreatedAt(utc(job.createdAt()));
        row.setUpdatedAt(utc(job.updatedAt()));
        row.setStartedAt(utc(job.startedAt()));
        row.setFinishedAt(utc(job.finishedAt()));
        row.setSnoozes((short) job.snoozes());
        row.setCancelRequestedAt(utc(job.cancelRequestedAt()));
        row.setConcurrencyKey(job.concurrencyKey());
        row.setUniqueKey(job.unique() == null ? null : job.unique().key());
        row.setUniqueStates(
                job.unique() == null
                        ? null
                        : job.unique().states().stream()
                                .map(JobState::wireName)
                                .sorted()
                                .toArray(String[]::new));
        Dependencies dependencies = job.dependencies();
        row.setDependencyParents(dependencies == null ? null : (short) dependencies.parents());
        row.setDependencyUnmet(dependencies == null ? null : (short) dependencies.unmet());
        row.setOnDependencyFailure(
                dependencies == null ? null : dependencies.onFailure().wireName());
        row.setHasDependents(false);
        row.setCallbackUrl(job.callbackUrl() == null ? null : job.callbackUrl().text());
        row.setTraceparent(job.traceParent() == null ? null : job.traceParent().text());
        return row;
    }

    static Job toJob(JobsRecord row) {
        return new Job(
                new JobId(row.getId()),
                row.getType(),
                row.getQueue(),
                new Json(row.getPayload().data()),
                row.getPriority(),
                JobState.fromWireName(row.getState()),
                row.getAttempts(),
                row.getMaxAttempts(),
                instant(row.getRunAt()),
                row.getTimeoutSeconds(),
                row.getIdempotencyKey(),
                row.getResult() == null ? null : new Json(row.getResult().data()),
                row.getLastError(),
                ErrorHistory.fromJson(row.getErrors().data()),
                row.getLeaseToken() == null ? null : new LeaseToken(row.getLeaseToken()),
                row.getLeaseOwner(),
                instant(row.getLeaseExpiresAt()),
                instant(row.getCreatedAt()),
                instant(row.getUpdatedAt()),
                instant(row.getStartedAt()),
                instant(row.getFinishedAt()),
                row.getCreatedBy(),
                row.getSnoozes(),
                instant(row.getCancelRequestedAt()),
                row.getConcurrencyKey(),
                row.getUniqueStates() == null
                        ? null
                        : new UniqueKey(
                                row.getUniqueKey(),
                                Arrays.stream(row.getUniqueStates())
                                        .map(JobState::fromWireName)
                                        .collect(Collectors.toUnmodifiableSet())),
                row.getDependencyParents() == null
                        ? null
                        : new Dependencies(
                                row.getDependencyParents(),
                                row.getDependencyUnmet(),
                                DependencyPolicy.fromWireName(row.getOnDependencyFailure())),
                row.getCallbackUrl() == null ? null : CallbackUrl.parse(row.getCallbackUrl()),
                row.getTraceparent() == null ? null : new TraceParent(row.getTraceparent()));
    }

    static OffsetDateTime lastFailedAt(Job job) {
        return job.errors().isEmpty() ? null : utc(job.errors().getLast().at());
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
