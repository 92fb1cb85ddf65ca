package dev.jobprocessor.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.jobprocessor.application.port.Dependency;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.domain.AttemptError;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.UniqueKey;
import dev.jobprocessor.domain.webhook.DeliveryAttempt;
import dev.jobprocessor.domain.webhook.DeliveryOutcome;
import dev.jobprocessor.domain.webhook.WebhookDelivery;
import java.time.Instant;
import java.util.List;

/**
 * A job as the API shows it (docs/SPEC.md §3): snake_case, RFC 3339 UTC times, and never the lease token.
 * {@code cancelRequested} says whether {@code cancelRequestedAt} is set, so a remote worker's heartbeat answer reads
 * as a yes or no (docs/QUEUE_CONTROL.md).
 */
record JobView(
        String id,
        String type,
        String queue,
        @JsonRawValue String payload,
        int priority,
        String state,
        int attempts,
        int maxAttempts,
        String runAt,
        int timeoutSeconds,
        String idempotencyKey,
        String concurrencyKey,
        @JsonRawValue String result,
        String lastError,
        List<ErrorView> errors,
        String leaseOwner,
        String leaseExpiresAt,
        String createdAt,
        String updatedAt,
        String startedAt,
        String finishedAt,
        String createdBy,
        int snoozes,
        boolean cancelRequested,
        String cancelRequestedAt,
        UniqueView unique,
        String onDependencyFailure,
        Integer unmetDependencies,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<DependencyView> dependencies,
        String callbackUrl,
        String traceparent,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<WebhookView> webhooks,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean duplicate) {

    /**
     * One job this one depends on (docs/WORKFLOWS.md), shown by {@code GET /jobs/{id}}: its state and result now
     * ({@code "state": null} once it has been purged) and whether it counts as met.
     */
    record DependencyView(
            String id, String state, @JsonRawValue String result, boolean met) {
        static DependencyView from(Dependency dependency) {
            return new DependencyView(
                    dependency.id().toString(),
                    dependency.state() == null ? null : dependency.state().wireName(),
                    dependency.result() == null ? null : dependency.result().text(),
                    dependency.met());
        }
    }

    /**
     * How the job is unique: its key while it keeps duplicates out ({@code null} once it let it go) and the states it
     * holds it in (docs/UNIQUE_JOBS.md); {@code null} for a job that is not unique.
     */
    record UniqueView(String key, List<String> states) {
        static UniqueView from(UniqueKey unique) {
            return unique == null
                    ? null
                    : new UniqueView(
                            unique.key(),
                            unique.states().stream()
                                    .map(JobState::wireName)
                                    .sorted()
                                    .toList());
        }
    }

    /** A submit's answer: the job, marked {@code "duplicate": true} when an earlier unique job kept it out. */
    static JobView from(Enqueued enqueued) {
        JobView view = from(enqueued.job());
        return enqueued.duplicate() ? view.asDuplicate() : view;
    }

    /** The view with the jobs this one depends on listed, in the order its submit named them. */
    JobView withDependencies(List<Dependency> parents) {
        return copy(parents.stream().map(DependencyView::from).toList(), webhooks, duplicate);
    }

    /** The view with the job's webhook deliveries and their attempts (docs/WEBHOOKS.md). */
    JobView withWebhooks(List<WebhookDelivery> deliveries) {
        return copy(dependencies, deliveries.stream().map(WebhookView::from).toList(), duplicate);
    }

    private JobView asDuplicate() {
        return copy(dependencies, webhooks, Boolean.TRUE);
    }

    private JobView copy(List<DependencyView> newDependencies, List<WebhookView> newWebhooks, Boolean newDuplicate) {
        return new JobView(
                id,
                type,
                queue,
                payload,
                priority,
                state,
                attempts,
                maxAttempts,
                runAt,
                timeoutSeconds,
                idempotencyKey,
                concurrencyKey,
                result,
                lastError,
                errors,
                leaseOwner,
                leaseExpiresAt,
                createdAt,
                updatedAt,
                startedAt,
                finishedAt,
                createdBy,
                snoozes,
                cancelRequested,
                cancelRequestedAt,
                unique,
                onDependencyFailure,
                unmetDependencies,
                newDependencies,
                callbackUrl,
                traceparent,
                newWebhooks,
                newDuplicate);
    }

    /**
     * One webhook delivery of the job (docs/WEBHOOKS.md): {@code id} is the {@code webhook-id} its attempts send,
     * {@code history} what each attempt found, {@code last_error} why a dead one was given up.
     */
    record WebhookView(
            String id,
            String event,
            String url,
            String state,
            int attempts,
            String createdAt,
            String nextAttemptAt,
            String finishedAt,
            String lastError,
            List<AttemptView> history) {
        static WebhookView from(WebhookDelivery delivery) {
            return new WebhookView(
                    delivery.id(),
                    delivery.event().wireName(),
                    delivery.url(),
                    delivery.state().wireName(),
                    delivery.attempts().size(),
                    time(delivery.createdAt()),
                    time(delivery.nextAttemptAt()),
                    time(delivery.finishedAt()),
                    delivery.lastError(),
                    delivery.attempts().stream().map(AttemptView::from).toList());
        }
    }

    /**
     * One attempt: {@code outcome} is {@code answered} (with {@code status} and the start of the answer's body in
     * {@code detail}), {@code timed_out}, {@code connection_failed} or {@code refused} (the reason in {@code detail}).
     */
    record AttemptView(int attempt, String at, String outcome, Integer status, String detail, long durationMs) {
        static AttemptView from(DeliveryAttempt attempt) {
            return switch (attempt.outcome()) {
                case DeliveryOutcome.Answered(int status, String excerpt) ->
                    view(attempt, "answered", status, excerpt.isEmpty() ? null : excerpt);
                case DeliveryOutcome.TimedOut timedOut -> view(attempt, "timed_out", null, null);
                case DeliveryOutcome.ConnectionFailed(String reason) ->
                    view(attempt, "connection_failed", null, reason);
                case DeliveryOutcome.Refused(String reason) -> view(attempt, "refused", null, reason);
            };
        }

        private static AttemptView view(DeliveryAttempt attempt, String outcome, Integer status, String detail) {
            return new AttemptView(
                    attempt.number(),
                    time(attempt.at()),
                    outcome,
                    status,
                    detail,
                    attempt.took().toMillis());
        }
    }

    record ErrorView(int attempt, String at, String message) {
        static ErrorView from(AttemptError error) {
            return new ErrorView(error.attempt(), time(error.at()), error.message());
        }
    }

    static JobView from(Job job) {
        return new JobView(
                job.id().toString(),
                job.type(),
                job.queue(),
                job.payload().text(),
                job.priority(),
                job.state().wireName(),
                job.attempts(),
                job.maxAttempts(),
                time(job.runAt()),
                job.timeoutSeconds(),
                job.idempotencyKey(),
                job.concurrencyKey(),
                job.result() == null ? null : job.result().text(),
                job.lastError(),
                job.errors().stream().map(ErrorView::from).toList(),
                job.leaseOwner(),
                time(job.leaseExpiresAt()),
                time(job.createdAt()),
                time(job.updatedAt()),
                time(job.startedAt()),
                time(job.finishedAt()),
                job.createdBy(),
                job.snoozes(),
                job.cancelRequestedAt() != null,
                time(job.cancelRequestedAt()),
                UniqueView.from(job.unique()),
                job.dependencies() == null
                        ? null
                        : job.dependencies().onFailure().wireName(),
                job.dependencies() == null ? null : job.dependencies().unmet(),
                null,
                job.callbackUrl() == null ? null : job.callbackUrl().text(),
                job.traceParent() == null ? null : job.traceParent().text(),
                null,
                null);
    }

    /** RFC 3339 in UTC, e.g. {@code 2026-03-01T09:30:00.123456Z}. */
    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
