package dev.jobprocessor.application.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.port.DueDelivery;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.WebhookOutbox;
import dev.jobprocessor.domain.Failure;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.webhook.DeliveryAttempt;
import dev.jobprocessor.domain.webhook.DeliveryOutcome;
import dev.jobprocessor.domain.webhook.DeliveryState;
import dev.jobprocessor.domain.webhook.DeliveryStep;
import dev.jobprocessor.domain.webhook.WebhookDelivery;
import dev.jobprocessor.domain.webhook.WebhookEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The executable specification of {@link WebhookOutbox}, and of the part of {@link JobRepository} that records a
 * delivery in the step that ends a job with a callback URL; every store runs it unchanged (docs/WEBHOOKS.md).
 */
public abstract class WebhookOutboxContract {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final String URL = "https://receiver.example/hooks";

    protected final SettableClock clock = new SettableClock();
    private final Submissions submissions = new Submissions(61);
    protected JobRepository jobs;
    protected WebhookOutbox outbox;

    /** An empty store: its jobs, and the outbox its job ends write to. */
    public record Store(JobRepository jobs, WebhookOutbox outbox) {}

    protected abstract Store emptyStore();

    @BeforeEach
    void startEmpty() {
        Store store = emptyStore();
        jobs = store.jobs();
        outbox = store.outbox();
    }

    private Job submit(JobRequest request) {
        return jobs.enqueue(List.of(submissions.of(request, clock.now())))
                .getFirst()
                .job();
    }

    private Job submitWithCallback() {
        return submit(JobRequest.ofType("work").withCallbackUrl(URL));
    }

    private Job claim() {
        return jobs.claim(new ClaimRequest("w", List.of("default"), Set.of("work"), 1, LEASE, clock.now()))
                .getFirst();
    }

    private void complete(Job running, String result) {
        jobs.apply(List.of(new JobChange(
                running.id(), job -> job.completing(running.leaseToken(), new Json(result), clock.now()), running)));
    }

    private DeliveryAttempt attempt(int number, DeliveryOutcome outcome) {
        return new DeliveryAttempt(number, clock.now(), outcome, Duration.ofMillis(12));
    }

    @Test
    void a_job_with_a_callback_url_records_one_pending_delivery_of_the_job_as_it_ended() {
        Job job = submitWithCallback();
        clock.advance(Duration.ofSeconds(1));
        Job running = claim();
        clock.advance(Duration.ofSeconds(1));
        complete(running, "{\"rows\":3}");

        List<WebhookDelivery> deliveries = outbox.deliveriesOf(job.id());
        assertThat(deliveries).singleElement().satisfies(delivery -> {
            assertThat(delivery.id()).startsWith("msg_");
            assertThat(delivery.event()).isEqualTo(WebhookEventType.JOB_COMPLETED);
            assertThat(delivery.url()).isEqualTo(URL);
            assertThat(delivery.state()).isEqualTo(DeliveryState.PENDING);
            assertThat(delivery.attempts()).isEmpty();
            assertThat(delivery.createdAt()).isEqualTo(clock.now());
        });
        List<DueDelivery> due = outbox.claimDue(clock.now(), clock.now().plusSeconds(30), 10);
        assertThat(due).singleElement().satisfies(delivery -> {
            assertThat(delivery.attemptsMade()).isZero();
            assertThat(delivery.url().text()).isEqualTo(URL);
            assertThat(delivery.event().jobId()).isEqualTo(job.id());
            assertThat(delivery.event().state()).isEqualTo(JobState.COMPLETED);
            assertThat(delivery.event().attempts()).isEqualTo(1);
            assertThat(delivery.event().result()).isEqualTo(new Json("{\"rows\":3}"));
            assertThat(delivery.event().startedAt()).isEqualTo(running.startedAt());
            assertThat(delivery.event().finishedAt()).isEqualTo(clock.now());
        });
    }

    @Test
    void jobs_without_a_callback_url_and_moves_that_do_not_end_a_job_record_nothing() {
        submit(JobRequest.ofType("work"));
        complete(claim(), "{}");
        Job withCallback = submitWithCallback();
        Job running = claim();
        jobs.apply(List.of(new JobChange(
                running.id(),
                job -> job.failing(
                        running.leaseToken(), Failure.retryable("try again"), a -> Duration.ZERO, clock.now()),
                running)));

        assertThat(outbox.deliveriesOf(withCallback.id())).isEmpty();
        assertThat(outbox.claimDue(clock.now(), clock.now().plusSeconds(30), 10))
                .isEmpty();
    }

    @Test
    void every_final_state_records_its_event_and_an_operator_retry_makes_a_new_one() {
        Job cancelled = submitWithCallback();
        jobs.apply(List.of(new JobChange(cancelled.id(), job -> job.cancelling(clock.now()))));
        Job failed = submitWithCallback();
        Job running = claim();
        jobs.apply(List.of(new JobChange(
                running.id(),
                job -> job.failing(
                        running.leaseToken(), Failure.permanent("bad input"), a -> Duration.ZERO, clock.now()),
                running)));
        clock.advance(Duration.ofSeconds(1));
        jobs.apply(List.of(new JobChange(failed.id(), job -> job.retrying(clock.now()))));
        clock.advance(Duration.ofSeconds(1));
        complete(claim(), "{}");

        assertThat(outbox.deliveriesOf(cancelled.id()))
                .extracting(WebhookDelivery::event)
                .containsExactly(WebhookEventType.JOB_CANCELLED);
        assertThat(outbox.deliveriesOf(failed.id()))
                .extracting(WebhookDelivery::event)
                .containsExactly(WebhookEventType.JOB_FAILED, WebhookEventType.JOB_COMPLETED);
        List<DueDelivery> due = outbox.claimDue(clock.now(), clock.now().plusSeconds(30), 10);
        assertThat(due)
                .filteredOn(delivery -> delivery.event().jobId().equals(failed.id()))
                .extracting(delivery -> delivery.event().lastError())
                .containsExactly("bad input", "bad input");
    }

    @Test
    void a_claim_hands_a_delivery_out_once_until_it_runs_out() {
        Job job = submitWithCallback();
        complete(claim(), "{}");
        Instant claimedUntil = clock.now().plusSeconds(30);

        assertThat(outbox.claimDue(clock.now(), claimedUntil, 10)).hasSize(1);
        assertThat(outbox.claimDue(clock.now(), claimedUntil, 10)).isEmpty();
        clock.advance(Duration.ofSeconds(31));
        assertThat(outbox.claimDue(clock.now(), clock.now().plusSeconds(30), 10))
                .extracting(delivery -> delivery.event().jobId())
                .containsExactly(job.id());
    }

    @Test
    void attempts_are_kept_in_order_and_the_step_decides_what_follows() {
        Job job = submitWithCallback();
        complete(claim(), "{}");
        DueDelivery first =
                outbox.claimDue(clock.now(), clock.now().plusSeconds(30), 10).getFirst();
        Instant retryAt = clock.now().plusSeconds(10);

        assertThat(outbox.record(
                        first.id(),
                        attempt(1, new DeliveryOutcome.Answered(500, "oops")),
                        new DeliveryStep.RetryAt(retryAt),
                        clock.now()))
                .isTrue();
        assertThat(outbox.claimDue(clock.now().plusSeconds(9), clock.now().plusSeconds(60), 10))
                .isEmpty();
        clock.advance(Duration.ofSeconds(10));
        DueDelivery second =
                outbox.claimDue(clock.now(), clock.now().plusSeconds(30), 10).getFirst();
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.attemptsMade()).isEqualTo(1);
        outbox.record(
                second.id(),
                attempt(2, new DeliveryOutcome.TimedOut()),
                new DeliveryStep.RetryAt(clock.now()),
                clock.now());
        DueDelivery third =
                outbox.claimDue(clock.now(), clock.now().plusSeconds(30), 10).getFirst();
        outbox.record(
                third.id(),
                attempt(3, new DeliveryOutcome.Answered(200, "")),
                new DeliveryStep.Delivered(),
                clock.now());

        WebhookDelivery delivered = outbox.deliveriesOf(job.id()).getFirst();
        assertThat(delivered.state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(delivered.finishedAt()).isEqualTo(clock.now());
        assertThat(delivered.nextAttemptAt()).isNull();
        assertThat(delivered.attempts())
                .extracting(DeliveryAttempt::number, DeliveryAttempt::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, new DeliveryOutcome.Answered(500, "oops")),
                        org.assertj.core.groups.Tuple.tuple(2, new DeliveryOutcome.TimedOut()),
                        org.assertj.core.groups.Tuple.tuple(3, new DeliveryOutcome.Answered(200, "")));
        assertThat(outbox.claimDue(clock.now().plusSeconds(3600), clock.now().plusSeconds(7200), 10))
                .isEmpty();
    }

    @Test
    void whatever_bytes_a_receiver_answers_with_are_recorded() {
        Job job = submitWithCallback();
        complete(claim(), "{}");
        DueDelivery due =
                outbox.claimDue(clock.now(), clock.now().plusSeconds(30), 10).getFirst();

        assertThat(outbox.record(
                        due.id(),
                        attempt(1, new DeliveryOutcome.Answered(500, "nul\u0000byte " + "x".repeat(2_000))),
                        new DeliveryStep.RetryAt(clock.now()),
                        clock.now()))
                .isTrue();

        DeliveryOutcome.Answered stored = (DeliveryOutcome.Answered)
                outbox.deliveriesOf(job.id()).getFirst().attempts().getFirst().outcome();
        assertThat(stored.status()).isEqualTo(500);
        assertThat(stored.excerpt()).startsWith("nul").contains("byte").hasSizeLessThanOrEqualTo(2_010);
    }

    @Test
    void an_attempt_recorded_twice_counts_once() {
        submitWithCallback();
        complete(claim(), "{}");
        DueDelivery due =
                outbox.claimDue(clock.now(), clock.now().plusSeconds(30), 10).getFirst();
        DeliveryAttempt attempt = attempt(1, new DeliveryOutcome.ConnectionFailed("reset"));

        assertThat(outbox.record(due.id(), attempt, new DeliveryStep.RetryAt(clock.now()), clock.now()))
                .isTrue();
        assertThat(outbox.record(due.id(), attempt, new DeliveryStep.RetryAt(clock.now()), clock.now()))
                .isFalse();
        assertThat(outbox.deliveriesOf(due.event().jobId()).getFirst().attempts())
                .hasSize(1);
    }

    @Test
    void a_dead_delivery_says_why_and_leaves_the_job_as_it_was() {
        Job job = submitWithCallback();
        complete(claim(), "{}");
        DueDelivery due =
                outbox.claimDue(clock.now(), clock.now().plusSeconds(30), 10).getFirst();
        outbox.record(
                due.id(),
                attempt(1, new DeliveryOutcome.Answered(404, "no such hook")),
                new DeliveryStep.GiveUp("answered 404, which another attempt would not change"),
                clock.now());

        WebhookDelivery dead = outbox.deliveriesOf(job.id()).getFirst();
        assertThat(dead.state()).isEqualTo(DeliveryState.DEAD);
        assertThat(dead.lastError()).isEqualTo("answered 404, which another attempt would not change");
        assertThat(jobs.find(job.id()).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void ended_deliveries_are_purged_after_their_retention_and_pending_ones_never() {
        Job delivered = submitWithCallback();
        complete(claim(), "{}");
        DueDelivery due =
                outbox.claimDue(clock.now(), clock.now().plusSeconds(30), 10).getFirst();
        outbox.record(
                due.id(), attempt(1, new DeliveryOutcome.Answered(204, "")), new DeliveryStep.Delivered(), clock.now());
        clock.advance(Duration.ofHours(1));
        Job pending = submitWithCallback();
        complete(claim(), "{}");
        clock.advance(Duration.ofHours(1));

        assertThat(outbox.purgeEnded(clock.now().minus(Duration.ofHours(3)), 100))
                .isZero();
        assertThat(outbox.purgeEnded(clock.now(), 100)).isEqualTo(1);
        assertThat(outbox.deliveriesOf(delivered.id())).isEmpty();
        assertThat(outbox.deliveriesOf(pending.id())).hasSize(1);
        assertThat(outbox.purgeEnded(clock.now().plus(Duration.ofDays(365)), 100))
                .isZero();
    }

    @Test
    void deliveries_of_other_jobs_are_not_shown() {
        Job first = submitWithCallback();
        complete(claim(), "{}");
        Job second = submitWithCallback();

        assertThat(outbox.deliveriesOf(first.id())).hasSize(1);
        assertThat(outbox.deliveriesOf(second.id())).isEmpty();
        assertThat(outbox.deliveriesOf(JobId.newId(clock.now(), new java.util.Random(1))))
                .isEmpty();
    }
}
