package dev.jobprocessor.adapters.postgres;

import static dev.jobprocessor.adapters.postgres.JobRows.instant;
import static dev.jobprocessor.adapters.postgres.JobRows.utc;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.WEBHOOK_ATTEMPTS;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.WEBHOOK_DELIVERIES;

import dev.jobprocessor.adapters.postgres.jooq.tables.records.WebhookAttemptsRecord;
import dev.jobprocessor.adapters.postgres.jooq.tables.records.WebhookDeliveriesRecord;
import dev.jobprocessor.application.port.DueDelivery;
import dev.jobprocessor.application.port.WebhookOutbox;
import dev.jobprocessor.domain.CallbackUrl;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.webhook.DeliveryAttempt;
import dev.jobprocessor.domain.webhook.DeliveryOutcome;
import dev.jobprocessor.domain.webhook.DeliveryState;
import dev.jobprocessor.domain.webhook.DeliveryStep;
import dev.jobprocessor.domain.webhook.WebhookDelivery;
import dev.jobprocessor.domain.webhook.WebhookEvent;
import dev.jobprocessor.domain.webhook.WebhookEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The webhook outbox in PostgreSQL (migration V16): {@code webhook_deliveries}, written by the trigger that sees a job
 * with a callback URL end, and {@code webhook_attempts}, its history. A claim moves a due delivery's
 * {@code next_attempt_at} past the attempt, under {@code FOR UPDATE SKIP LOCKED}, so processes share the work without
 * waiting on each other.
 */
public final class PostgresWebhookOutbox implements WebhookOutbox {

    /** How much of a reason or an answer's body the history keeps (the column's CHECK allows 1000). */
    static final int DETAIL_LIMIT = 1000;

    private static final String PENDING = DeliveryState.PENDING.wireName();

    private final DSLContext dsl;

    public PostgresWebhookOutbox(DataSource dataSource) {
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    @Override
    public List<DueDelivery> claimDue(Instant now, Instant claimedUntil, int limit) {
        return StoreErrors.translate(() -> dsl.update(WEBHOOK_DELIVERIES)
                .set(WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT, utc(claimedUntil))
                .where(WEBHOOK_DELIVERIES.ID.in(DSL.select(WEBHOOK_DELIVERIES.ID)
                        .from(WEBHOOK_DELIVERIES)
                        .where(WEBHOOK_DELIVERIES.STATE.eq(PENDING))
                        .and(WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT.le(utc(now)))
                        .orderBy(WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT)
                        .limit(limit)
                        .forUpdate()
                        .skipLocked()))
                .returning()
                .fetch(PostgresWebhookOutbox::toDue));
    }

    @Override
    public boolean record(String deliveryId, DeliveryAttempt attempt, DeliveryStep next, Instant now) {
        return StoreErrors.translate(() -> dsl.transactionResult(tx -> {
            DSLContext ctx = tx.dsl();
            boolean ended = next.state() != DeliveryState.PENDING;
            int moved = ctx.update(WEBHOOK_DELIVERIES)
                    .set(WEBHOOK_DELIVERIES.ATTEMPTS, attempt.number())
                    .set(WEBHOOK_DELIVERIES.STATE, next.state().wireName())
                    .set(
                            WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT,
                            next instanceof DeliveryStep.RetryAt(Instant at) ? utc(at) : null)
                    .set(WEBHOOK_DELIVERIES.FINISHED_AT, ended ? utc(now) : null)
                    .set(
                            WEBHOOK_DELIVERIES.LAST_ERROR,
                            next instanceof DeliveryStep.GiveUp(String reason) ? limited(reason) : null)
                    .where(WEBHOOK_DELIVERIES.ID.eq(deliveryId))
                    .and(WEBHOOK_DELIVERIES.STATE.eq(PENDING))
                    .and(WEBHOOK_DELIVERIES.ATTEMPTS.eq(attempt.number() - 1))
                    .execute();
            if (moved == 0) {
                return false;
            }
            ctx.executeInsert(toRecord(deliveryId, attempt));
            return true;
        }));
    }

    @Override
    public List<WebhookDelivery> deliveriesOf(JobId job) {
        return StoreErrors.translate(() -> {
            List<WebhookDeliveriesRecord> deliveries = dsl.selectFrom(WEBHOOK_DELIVERIES)
                    .where(WEBHOOK_DELIVERIES.JOB_ID.eq(job.value()))
                    .orderBy(WEBHOOK_DELIVERIES.CREATED_AT, WEBHOOK_DELIVERIES.ID)
                    .fetch();
            if (deliveries.isEmpty()) {
                return List.of();
            }
            Map<String, List<DeliveryAttempt>> attempts = dsl
                    .selectFrom(WEBHOOK_ATTEMPTS)
                    .where(WEBHOOK_ATTEMPTS.DELIVERY_ID.in(deliveries.stream()
                            .map(WebhookDeliveriesRecord::getId)
                            .toList()))
                    .orderBy(WEBHOOK_ATTEMPTS.DELIVERY_ID, WEBHOOK_ATTEMPTS.ATTEMPT)
                    .fetch()
                    .stream()
                    .collect(Collectors.groupingBy(
                            WebhookAttemptsRecord::getDeliveryId,
                            Collectors.mapping(PostgresWebhookOutbox::toAttempt, Collectors.toList())));
            return deliveries.stream()
                    .map(row -> toDelivery(row, attempts.getOrDefault(row.getId(), List.of())))
                    .toList();
        });
    }

    @Override
    public int purgeEnded(Instant endedBefore, int limit) {
        return StoreErrors.translate(() -> dsl.deleteFrom(WEBHOOK_DELIVERIES)
                .where(WEBHOOK_DELIVERIES.ID.in(DSL.select(WEBHOOK_DELIVERIES.ID)
                        .from(WEBHOOK_DELIVERIES)
                        .where(WEBHOOK_DELIVERIES.STATE.ne(PENDING))
                        .and(WEBHOOK_DELIVERIES.FINISHED_AT.lt(utc(endedBefore)))
                        .limit(limit)))
                .execute());
    }

    private static DueDelivery toDue(WebhookDeliveriesRecord row) {
        return new DueDelivery(
                row.getId(),
                CallbackUrl.parse(row.getUrl()),
                row.getAttempts(),
                event(row),
                instant(row.getCreatedAt()));
    }

    private static WebhookEvent event(WebhookDeliveriesRecord row) {
        return new WebhookEvent(
                new JobId(row.getJobId()),
                row.getJobType(),
                row.getJobQueue(),
                JobState.fromWireName(row.getJobState()),
                row.getJobAttempts(),
                row.getJobMaxAttempts(),
                row.getJobResult() == null ? null : new Json(row.getJobResult().data()),
                row.getJobLastError(),
                instant(row.getJobCreatedAt()),
                instant(row.getJobStartedAt()),
                instant(row.getJobFinishedAt()));
    }

    private static WebhookDelivery toDelivery(WebhookDeliveriesRecord row, List<DeliveryAttempt> attempts) {
        return new WebhookDelivery(
                row.getId(),
                new JobId(row.getJobId()),
                WebhookEventType.fromWireName(row.getEvent()),
                row.getUrl(),
                DeliveryState.fromWireName(row.getState()),
                instant(row.getCreatedAt()),
                instant(row.getNextAttemptAt()),
                instant(row.getFinishedAt()),
                row.getLastError(),
                attempts);
    }

    private static WebhookAttemptsRecord toRecord(String deliveryId, DeliveryAttempt attempt) {
        WebhookAttemptsRecord row = new WebhookAttemptsRecord();
        row.setDeliveryId(deliveryId);
        row.setAttempt(attempt.number());
        row.setAttemptedAt(utc(attempt.at()));
        row.setDurationMs((int) Math.min(Integer.MAX_VALUE, attempt.took().toMillis()));
        switch (attempt.outcome()) {
            case DeliveryOutcome.Answered(int status, String excerpt) -> {
                row.setOutcome("answered");
                row.setStatus(status);
                row.setDetail(excerpt.isEmpty() ? null : limited(excerpt));
            }
            case DeliveryOutcome.TimedOut timedOut -> row.setOutcome("timed_out");
            case DeliveryOutcome.ConnectionFailed(String reason) -> {
                row.setOutcome("connection_failed");
                row.setDetail(limited(reason));
            }
            case DeliveryOutcome.Refused(String reason) -> {
                row.setOutcome("refused");
                row.setDetail(limited(reason));
            }
        }
        return row;
    }

    private static DeliveryAttempt toAttempt(WebhookAttemptsRecord row) {
        String detail = row.getDetail() == null ? "" : row.getDetail();
        DeliveryOutcome outcome = switch (row.getOutcome()) {
            case "answered" -> new DeliveryOutcome.Answered(row.getStatus(), detail);
            case "timed_out" -> new DeliveryOutcome.TimedOut();
            case "connection_failed" -> new DeliveryOutcome.ConnectionFailed(detail);
            case "refused" -> new DeliveryOutcome.Refused(detail);
            default -> throw new IllegalStateException("unknown attempt outcome: " + row.getOutcome());
        };
        return new DeliveryAttempt(
                row.getAttempt(), instant(row.getAttemptedAt()), outcome, Duration.ofMillis(row.getDurationMs()));
    }

    /**
     * {@code text} cut to {@link #DETAIL_LIMIT} characters, NUL replaced: a receiver chooses its answer's bytes, and a
     * NUL, which a PostgreSQL text cannot hold, would fail every recording of the attempt and leave the delivery stuck.
     */
    private static String limited(String text) {
        String storable = text.replace('\u0000', '\uFFFD');
        return storable.length() <= DETAIL_LIMIT ? storable : storable.substring(0, DETAIL_LIMIT);
    }
}
