package dev.jobprocessor.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Valid jobs in every state, in one line each. Every job is built from a validated request and then moved only through
 * the public transitions, so a test never starts from a job that the system could not reach.
 */
final class TestJobs {

    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    static final JobId ID = JobId.newId(NOW, new SplittableRandom(7));
    static final String OWNER = "worker-1";
    static final Duration LEASE = Duration.ofSeconds(30);
    static final int MAX_ATTEMPTS = 3;
    static final int TIMEOUT_SECONDS = 120;
    static final Json PAYLOAD = new Json("{\"to\":\"ada@example.com\"}");
    static final Json RESULT = new Json("{\"sent\":true}");

    /** Ten seconds per failed attempt: easy to tell apart from any other delay in an assertion. */
    static final Backoff TEN_SECONDS_PER_ATTEMPT = failedAttempt -> Duration.ofSeconds(10L * failedAttempt);

    /** The token of the first claim; later claims use {@link #token(int)} with their attempt number. */
    static final LeaseToken TOKEN = token(1);

    private TestJobs() {}

    /** A distinct, recognisable token per claim, so a stale token is never equal to the current one by accident. */
    static LeaseToken token(int claim) {
        return new LeaseToken("lease-token-of-claim-" + claim);
    }

    static NewJob request(int maxAttempts) {
        return JobRequest.ofType("email.send")
                .withQueue("mail")
                .withPayload(PAYLOAD)
                .withPriority(3)
                .withMaxAttempts(maxAttempts)
                .withTimeoutSeconds(TIMEOUT_SECONDS)
                .withIdempotencyKey("order-42")
                .validate();
    }

    static Job pending() {
        return pending(MAX_ATTEMPTS);
    }

    static Job pending(int maxAttempts) {
        return Job.create(ID, request(maxAttempts), NOW);
    }

    /** Running its first attempt, claimed one second after creation with {@link #TOKEN}. */
    static Job running() {
        return running(MAX_ATTEMPTS);
    }

    static Job running(int maxAttempts) {
        return pending(maxAttempts).claim(OWNER, TOKEN, LEASE, NOW.plusSeconds(1));
    }

    /**
     * Running its last allowed attempt: every earlier attempt failed retryably and the job was claimed again as soon as
     * it was due. The current token is {@code token(maxAttempts)}.
     */
    static Job onLastAttempt(int maxAttempts) {
        Job job = running(maxAttempts);
        while (job.attempts() < maxAttempts) {
            Instant failedAt = job.startedAt().plusSeconds(1);
            Job pending = job.fail(job.leaseToken(), Failure.retryable("try again"), TEN_SECONDS_PER_ATTEMPT, failedAt);
            job = pending.claim(OWNER, token(pending.attempts() + 1), LEASE, pending.runAt());
        }
        return job;
    }

    static Job completed() {
        return running().complete(TOKEN, RESULT, NOW.plusSeconds(2));
    }

    static Job failed() {
        return running().fail(TOKEN, Failure.permanent("invalid address"), TEN_SECONDS_PER_ATTEMPT, NOW.plusSeconds(2));
    }

    static Job dead() {
        Job last = onLastAttempt(MAX_ATTEMPTS);
        return last.fail(
                last.leaseToken(),
                Failure.retryable("smtp down"),
                TEN_SECONDS_PER_ATTEMPT,
                last.startedAt().plusSeconds(1));
    }

    /** Running its first attempt, with a cancel requested two seconds after creation. */
    static Job cancelRequested() {
        return running().requestingCancel(NOW.plusSeconds(2)).job();
    }

    static Job cancelled() {
        return pending().cancel(NOW.plusSeconds(1));
    }

    /** Waiting on two parents, none of them met, under {@code policy}. */
    static Job waiting(DependencyPolicy policy) {
        NewJob spec = JobRequest.ofType("email.send")
                .withQueue("mail")
                .withPayload(PAYLOAD)
                .withMaxAttempts(MAX_ATTEMPTS)
                .withGraph(new DependencyRequest(
                        null,
                        List.of("0190f5c2-0000-7000-8000-000000000001", "0190f5c2-0000-7000-8000-000000000002"),
                        policy.wireName()))
                .validate();
        return Job.create(ID, spec, NOW);
    }

    static Job inState(JobState state) {
        return switch (state) {
            case WAITING -> waiting(DependencyPolicy.CANCEL);
            case PENDING -> pending();
            case RUNNING -> running();
            case COMPLETED -> completed();
            case FAILED -> failed();
            case DEAD -> dead();
            case CANCELLED -> cancelled();
        };
    }
}
