package dev.jobprocessor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsCoverage;

/**
 * docs/SPEC.md §3 and §4 as properties: from a fresh job, any sequence of events with any tokens at any times either
 * follows the transition table or is refused with a typed error, and never yields a job that breaks an invariant.
 */
class JobInvariantsProperties {

    private static final Instant START = Instant.parse("2030-06-01T12:00:00Z");
    private static final JobId ID = JobId.newId(START, new SplittableRandom(11));
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(10));
    private static final Set<JobState> TERMINAL =
            EnumSet.of(JobState.COMPLETED, JobState.FAILED, JobState.DEAD, JobState.CANCELLED);
    private static final LeaseToken FOREIGN = new LeaseToken("a-token-nobody-was-given");

    /** Which token a worker event presents: the latest claim's, an older claim's, one never issued, or none. */
    enum TokenChoice {
        CURRENT,
        PREVIOUS,
        FOREIGN,
        MISSING
    }

    record Step(JobEvent event, TokenChoice token, long advanceSeconds, int durationSeconds) {}

    @Provide
    Arbitrary<NewJob> newJobs() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.integers().between(1, 900),
                        Arbitraries.longs().between(-120, 120).injectNull(0.3),
                        // A third of the jobs depend on one to three others, under each policy.
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.of(DependencyPolicy.class))
                .as((maxAttempts, timeout, runAtOffset, parents, policy) -> JobRequest.ofType("work")
                        .withMaxAttempts(maxAttempts)
                        .withTimeoutSeconds(timeout)
                        .withRunAt(runAtOffset == null ? null : START.plusSeconds(runAtOffset))
                        .withGraph(
                                parents > 2
                                        ? new DependencyRequest(
                                                null,
                                                java.util.stream.IntStream.rangeClosed(1, parents - 2)
                                                        .mapToObj(i -> "parent-" + i)
                                                        .toList(),
                                                policy.wireName())
                                        : null)
                        .validate());
    }

    @Provide
    Arbitrary<List<Step>> walks() {
        // Mostly small steps, so leases and backoffs run out only sometimes; now and then a long jump past them all.
        Arbitrary<Long> advance = Arbitraries.integers().between(0, 99).map(x -> {
            if (x < 30) {
                return 0L;
            }
            return x < 85 ? (long) x - 29 : (x - 84) * 300L;
        });
        return Combinators.combine(
                        Arbitraries.of(JobEvent.class),
                        // Mostly the holder's own token, so that worker events are accepted often enough to matter.
                        Arbitraries.of(
                                TokenChoice.CURRENT,
                                TokenChoice.CURRENT,
                                TokenChoice.CURRENT,
                                TokenChoice.PREVIOUS,
                                TokenChoice.FOREIGN,
                                TokenChoice.MISSING),
                        advance,
                        Arbitraries.integers().between(1, 600))
                .as(Step::new)
                .list()
                .ofMaxSize(40);
    }

    @Provide
    Arbitrary<Job> reachableJobs() {
        return Combinators.combine(newJobs(), walks(), Arbitraries.longs()).as(JobInvariantsProperties::walk);
    }

    /**
     * 1 000 tries, not fewer: the rarest row (a lease expiring on the last attempt) comes up about 5 times in 400, so
     * 400 tries missed it — and failed the coverage check — in about one run of 150; in 1 000, about once in 250 000.
     */
    @Property(tries = 1_000)
    void everyWalkFollowsTheTransitionTableAndKeepsTheInvariants(
            @ForAll("newJobs") NewJob spec, @ForAll("walks") List<Step> steps, @ForAll long seed) {
        Backoff backoff = POLICY.backoff(new SplittableRandom(seed));
        Instant now = START;
        Job created = Job.create(ID, spec, now);
        Job job = created;
        List<LeaseToken> issued = new ArrayList<>();
        int failures = 0;
        assertInvariants(job, failures);

        for (Step step : steps) {
            now = now.plusSeconds(step.advanceSeconds());
            Job before = job;
            Statistics.label("reached").collect(before.state());
            LeaseToken presented = tokenFor(step, issued);
            JobState expected = expectedNextState(before, step.event(), presented, issued, now, step.durationSeconds());
            Job after;
            try {
                after = apply(before, step, presented, issued, backoff, now);
            } catch (DomainException rejection) {
                assertThat(expected)
                        .as("%s in %s was refused (%s), but docs/SPEC.md §4 allows it", step, before.state(), rejection)
                        .isNull();
                assertThat(rejection).isInstanceOf(expectedRejection(step.event()));
                continue;
            }
            assertThat(expected)
                    .as("%s in %s was accepted, but docs/SPEC.md §4 refuses it", step, before.state())
                    .isNotNull();
            assertThat(after.state()).isEqualTo(expected);
            assertStepEffects(before, after, step, presented, issued, now);
            assertImmutableFieldsKept(created, after);
            if (isFailure(step.event()) && before.cancelRequestedAt() == null) {
                failures++;
            }
            Statistics.label("accepted").collect(before.state(), step.event(), after.state());
            // The walk must really exercise every row of the table, or the property proves little.
            Statistics.label("accepted").coverage(JobInvariantsProperties::everyRowOfTheTableIsTaken);
            job = after;
            assertInvariants(job, failures);
        }
    }

    @Property(tries = 200)
    void theCompactConstructorAcceptsEveryReachableJob(@ForAll("reachableJobs") Job job) {
        assertThatCode(() -> copy(
                        job,
                        job.attempts(),
                        job.result(),
                        job.leaseOwner(),
                        job.leaseExpiresAt(),
                        job.finishedAt(),
                        job.lastError()))
                .doesNotThrowAnyException();
        assertInvariants(job, job.errors().size());
    }

    /** The oracle must bite: breaking any one iff-rule of a reachable job makes the constructor refuse it. */
    @Property(tries = 200)
    void theCompactConstructorRefusesAJobWithOneRuleBroken(
            @ForAll("reachableJobs") Job job, @ForAll Breakage breakage) {
        Assume.that(breakage != Breakage.PENDING_WITHOUT_AN_ATTEMPT_LEFT || job.state() == JobState.PENDING);
        assertThatThrownBy(() -> broken(job, breakage)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Job broken(Job job, Breakage breakage) {
        Instant t = job.updatedAt();
        return switch (breakage) {
            case ATTEMPTS_ABOVE_MAX ->
                copy(
                        job,
                        job.maxAttempts() + 1,
                        job.result(),
                        job.leaseOwner(),
                        job.leaseExpiresAt(),
                        job.finishedAt(),
                        job.lastError());
            case RESULT_TOGGLED ->
                copy(
                        job,
                        job.attempts(),
                        job.result() == null ? Json.EMPTY_OBJECT : null,
                        job.leaseOwner(),
                        job.leaseExpiresAt(),
                        job.finishedAt(),
                        job.lastError());
            case LEASE_OWNER_TOGGLED ->
                copy(
                        job,
                        job.attempts(),
                        job.result(),
                        job.leaseOwner() == null ? "intruder" : null,
                        job.leaseExpiresAt(),
                        job.finishedAt(),
                        job.lastError());
            case LEASE_EXPIRY_TOGGLED ->
                copy(
                        job,
                        job.attempts(),
                        job.result(),
                        job.leaseOwner(),
                        job.leaseExpiresAt() == null ? t : null,
                        job.finishedAt(),
                        job.lastError());
            case FINISHED_AT_TOGGLED ->
                copy(
                        job,
                        job.attempts(),
                        job.result(),
                        job.leaseOwner(),
                        job.leaseExpiresAt(),
                        job.finishedAt() == null ? t : null,
                        job.lastError());
            case PENDING_WITHOUT_AN_ATTEMPT_LEFT ->
                copy(
                        job,
                        job.maxAttempts(),
                        job.result(),
                        job.leaseOwner(),
                        job.leaseExpiresAt(),
                        job.finishedAt(),
                        job.lastError());
            case LAST_ERROR_DISAGREES ->
                copy(
                        job,
                        job.attempts(),
                        job.result(),
                        job.leaseOwner(),
                        job.leaseExpiresAt(),
                        job.finishedAt(),
                        "not what the history says");
        };
    }

    enum Breakage {
        ATTEMPTS_ABOVE_MAX,
        RESULT_TOGGLED,
        LEASE_OWNER_TOGGLED,
        LEASE_EXPIRY_TOGGLED,
        FINISHED_AT_TOGGLED,
        LAST_ERROR_DISAGREES,
        /** A pending job that had used up its attempts would start attempt max_attempts + 1 when claimed. */
        PENDING_WITHOUT_AN_ATTEMPT_LEFT
    }

    /** docs/SPEC.md §3 checked field by field, independently of the record's own constructor. */
    private static void assertInvariants(Job job, int failuresRecorded) {
        JobState state = job.state();
        boolean running = state == JobState.RUNNING;
        assertThat(job.attempts()).as("attempts").isBetween(0, job.maxAttempts());
        assertThat(job.maxAttempts()).as("max_attempts").isBetween(1, 100);
        assertThat(job.priority()).as("priority").isBetween(1, 10);
        assertThat(job.timeoutSeconds()).as("timeout_seconds").isBetween(1, 86_400);
        assertThat(job.result() != null).as("result iff completed").isEqualTo(state == JobState.COMPLETED);
        assertThat(job.leaseOwner() != null).as("lease_owner iff running").isEqualTo(running);
        assertThat(job.leaseExpiresAt() != null)
                .as("lease_expires_at iff running")
                .isEqualTo(running);
        assertThat(job.finishedAt() != null).as("finished_at iff terminal").isEqualTo(TERMINAL.contains(state));
        assertThat(state.isTerminal()).isEqualTo(TERMINAL.contains(state));
        assertThat(job.errors()).as("one history entry per failed attempt").hasSize(failuresRecorded);
        assertThat(job.lastError())
                .as("last_error is the latest failure's message")
                .isEqualTo(
                        job.errors().isEmpty() ? null : job.errors().getLast().message());
        assertThat(job.errors()).allSatisfy(e -> assertThat(e.attempt()).isBetween(1, job.maxAttempts()));
        assertThat(job.errors()).extracting(AttemptError::at).isSorted();
        assertThat(job.updatedAt()).isAfterOrEqualTo(job.createdAt());
        if (running) {
            assertThat(job.leaseToken()).isNotNull();
            assertThat(job.attempts()).isPositive();
            assertThat(job.leaseExpiresAt()).isBeforeOrEqualTo(job.startedAt().plusSeconds(job.timeoutSeconds()));
        }
        if (state == JobState.PENDING) {
            // Otherwise a claim would start attempt max_attempts + 1.
            assertThat(job.attempts()).isLessThan(job.maxAttempts());
        }
        assertThat(job.snoozes()).as("snoozes").isBetween(0, JobLimits.MAX_SNOOZES);
        if (job.cancelRequestedAt() != null) {
            assertThat(state)
                    .as("a cancel request only on running or cancelled jobs")
                    .isIn(JobState.RUNNING, JobState.CANCELLED);
        }
    }

    /**
     * The next state by docs/SPEC.md §4, or {@code null} when the event must be refused; derived from the table, not
     * the code.
     */
    private static JobState expectedNextState(
            Job job, JobEvent event, LeaseToken presented, List<LeaseToken> issued, Instant now, int durationSeconds) {
        JobState state = job.state();
        boolean holdsLease = state == JobState.RUNNING && presented != null && presented.equals(latest(issued));
        boolean attemptLeft = job.attempts() < job.maxAttempts();
        // Once a cancel was requested, whatever ends the attempt ends the job cancelled (docs/QUEUE_CONTROL.md).
        boolean cancelRequested = job.cancelRequestedAt() != null;
        return switch (event) {
            case CLAIM -> state == JobState.PENDING && !job.runAt().isAfter(now) ? JobState.RUNNING : null;
            case HEARTBEAT -> holdsLease ? JobState.RUNNING : null;
            case COMPLETE -> {
                if (holdsLease) {
                    yield cancelRequested ? JobState.CANCELLED : JobState.COMPLETED;
                }
                boolean repeat = state == JobState.COMPLETED && presented != null && presented.equals(latest(issued));
                yield repeat ? JobState.COMPLETED : null;
            }
            case FAIL_RETRYABLE ->
                holdsLease
                        ? (cancelRequested ? JobState.CANCELLED : attemptLeft ? JobState.PENDING : JobState.DEAD)
                        : null;
            case FAIL_PERMANENT -> holdsLease ? (cancelRequested ? JobState.CANCELLED : JobState.FAILED) : null;
            case EXPIRE_LEASE ->
                state == JobState.RUNNING && !job.leaseExpiresAt().isAfter(now)
                        ? (cancelRequested ? JobState.CANCELLED : attemptLeft ? JobState.PENDING : JobState.DEAD)
                        : null;
            case CANCEL ->
                switch (state) {
                    case PENDING, WAITING -> JobState.CANCELLED;
                    case RUNNING -> JobState.RUNNING;
                    default -> null;
                };
            case RETRY -> {
                if (state != JobState.FAILED && state != JobState.DEAD && state != JobState.CANCELLED) {
                    yield null;
                }
                boolean unmet =
                        job.dependencies() != null && !job.dependencies().met();
                yield unmet ? JobState.WAITING : JobState.PENDING;
            }
            case PARENT_ENDED -> {
                Dependencies dependencies = job.dependencies();
                if (dependencies == null
                        || dependencies.met()
                        || (state != JobState.WAITING && state != JobState.CANCELLED)) {
                    yield null;
                }
                JobState parentEnd = parentEnd(durationSeconds);
                boolean met = parentEnd == JobState.COMPLETED || dependencies.onFailure() == DependencyPolicy.RUN;
                if (met) {
                    yield state == JobState.WAITING && dependencies.unmet() == 1 ? JobState.PENDING : state;
                }
                yield state == JobState.WAITING && dependencies.onFailure() == DependencyPolicy.CANCEL
                        ? JobState.CANCELLED
                        : state;
            }
            case RELEASE -> holdsLease ? (cancelRequested ? JobState.CANCELLED : JobState.PENDING) : null;
            case SNOOZE -> {
                if (!holdsLease) {
                    yield null;
                }
                if (cancelRequested) {
                    yield JobState.CANCELLED;
                }
                yield job.snoozes() < JobLimits.MAX_SNOOZES ? JobState.PENDING : null;
            }
            case REQUEST_CANCEL -> state == JobState.RUNNING ? JobState.RUNNING : null;
        };
    }

    /** Worker events fail their compare-and-set (docs/SPEC.md §5); everything else is not in the table. */
    private static Class<? extends DomainException> expectedRejection(JobEvent event) {
        return switch (event) {
            case HEARTBEAT, COMPLETE, FAIL_RETRYABLE, FAIL_PERMANENT, RELEASE, SNOOZE -> LeaseLostException.class;
            case CLAIM, EXPIRE_LEASE, CANCEL, RETRY, REQUEST_CANCEL, PARENT_ENDED -> InvalidTransitionException.class;
        };
    }

    private static void assertStepEffects(
            Job before, Job after, Step step, LeaseToken presented, List<LeaseToken> issued, Instant now) {
        if (before.state() == JobState.COMPLETED) {
            // A completed job is final: the only accepted event is a repeated completion, which changes nothing.
            assertThat(after).isEqualTo(before);
            return;
        }
        if (before.state() == JobState.RUNNING && before.cancelRequestedAt() != null) {
            assertCancelRequestedEffects(before, after, step, now);
            return;
        }
        if (step.event() == JobEvent.PARENT_ENDED) {
            assertParentEndedEffects(before, after, step, now);
            return;
        }
        assertThat(after.updatedAt()).isEqualTo(now);
        if (!isFailure(step.event())) {
            assertThat(after.errors()).as("only a failure adds to the history").isEqualTo(before.errors());
        }
        switch (step.event()) {
            case CLAIM -> {
                assertThat(after.attempts()).isEqualTo(before.attempts() + 1);
                assertThat(after.leaseToken()).isEqualTo(latest(issued));
                assertThat(after.startedAt()).isEqualTo(now);
                assertThat(after.leaseExpiresAt())
                        .isEqualTo(earliest(
                                now.plusSeconds(step.durationSeconds()), now.plusSeconds(after.timeoutSeconds())));
            }
            case HEARTBEAT -> {
                assertThat(after.attempts()).isEqualTo(before.attempts());
                assertThat(after.leaseToken()).isEqualTo(presented);
                assertThat(after.leaseExpiresAt())
                        .isEqualTo(earliest(
                                now.plusSeconds(step.durationSeconds()),
                                before.startedAt().plusSeconds(before.timeoutSeconds())));
            }
            case COMPLETE -> assertThat(after.finishedAt()).isEqualTo(now);
            case FAIL_RETRYABLE, FAIL_PERMANENT, EXPIRE_LEASE -> {
                assertThat(after.attempts()).isEqualTo(before.attempts());
                assertThat(after.errors()).hasSize(before.errors().size() + 1);
                assertThat(after.errors().subList(0, before.errors().size())).isEqualTo(before.errors());
                AttemptError entry = after.errors().getLast();
                assertThat(entry.attempt()).isEqualTo(before.attempts());
                assertThat(entry.at()).isEqualTo(now);
                if (step.event() == JobEvent.EXPIRE_LEASE) {
                    assertThat(entry.message()).isEqualTo("lease expired");
                }
                if (after.state() == JobState.PENDING) {
                    Duration ceiling = POLICY.ceiling(before.attempts());
                    assertThat(after.runAt()).isBetween(now, now.plus(ceiling));
                }
            }
            case CANCEL -> {
                if (before.state() == JobState.RUNNING) {
                    assertThat(after.cancelRequestedAt()).isEqualTo(now);
                    assertThat(after.leaseExpiresAt()).isEqualTo(before.leaseExpiresAt());
                } else {
                    assertThat(after.finishedAt()).isEqualTo(now);
                    assertThat(after.cancelRequestedAt()).isNull();
                }
            }
            case REQUEST_CANCEL -> {
                assertThat(after.cancelRequestedAt()).isEqualTo(now);
                assertThat(after.leaseToken()).isEqualTo(before.leaseToken());
            }
            case SNOOZE -> {
                assertThat(after.attempts())
                        .as("a snoozed attempt does not count")
                        .isEqualTo(before.attempts() - 1);
                assertThat(after.snoozes()).isEqualTo(before.snoozes() + 1);
                assertThat(after.runAt()).isEqualTo(now.plusSeconds(step.durationSeconds()));
                assertThat(after.leaseOwner()).isNull();
            }
            case RETRY -> {
                assertThat(after.snoozes()).isZero();
                assertThat(after.cancelRequestedAt()).isNull();
                assertThat(after.attempts()).isZero();
                assertThat(after.runAt()).isEqualTo(now);
                assertThat(after.errors()).isEqualTo(before.errors());
            }
            case RELEASE -> {
                assertThat(after.attempts())
                        .as("a released attempt does not count")
                        .isEqualTo(before.attempts() - 1);
                assertThat(after.leaseOwner()).isNull();
                assertThat(after.errors()).isEqualTo(before.errors());
                assertThat(after.runAt()).isEqualTo(before.runAt());
            }
        }
    }

    /**
     * A parent's end: met, it counts one parent fewer unmet and releases a waiting job with none left, keeping a
     * {@code run_at} still ahead; not met, it cancels a waiting job under {@code cancel} and changes nothing otherwise.
     */
    private static void assertParentEndedEffects(Job before, Job after, Step step, Instant now) {
        boolean met = parentEnd(step.durationSeconds()) == JobState.COMPLETED
                || before.dependencies().onFailure() == DependencyPolicy.RUN;
        assertThat(after.attempts()).isEqualTo(before.attempts());
        assertThat(after.errors()).isEqualTo(before.errors());
        if (met) {
            assertThat(after.dependencies().unmet())
                    .isEqualTo(before.dependencies().unmet() - 1);
            assertThat(after.updatedAt()).isEqualTo(now);
            if (after.state() == JobState.PENDING) {
                assertThat(after.runAt()).isEqualTo(before.runAt().isAfter(now) ? before.runAt() : now);
            }
            return;
        }
        assertThat(after.dependencies()).isEqualTo(before.dependencies());
        if (after.state() != before.state()) {
            assertThat(after.state()).isEqualTo(JobState.CANCELLED);
            assertThat(after.finishedAt()).isEqualTo(now);
        } else {
            assertThat(after).isEqualTo(before);
        }
    }

    /**
     * A running job whose cancel was requested: a repeated request and a heartbeat keep it running without moving the
     * lease; anything that ends the attempt ends the job cancelled, adding nothing to its history.
     */
    private static void assertCancelRequestedEffects(Job before, Job after, Step step, Instant now) {
        assertThat(after.cancelRequestedAt()).isEqualTo(before.cancelRequestedAt());
        assertThat(after.errors()).isEqualTo(before.errors());
        assertThat(after.attempts()).isEqualTo(before.attempts());
        if (after.state() == JobState.RUNNING) {
            assertThat(step.event()).isIn(JobEvent.HEARTBEAT, JobEvent.CANCEL, JobEvent.REQUEST_CANCEL);
            assertThat(after.leaseExpiresAt()).isEqualTo(before.leaseExpiresAt());
            return;
        }
        assertThat(after.state()).isEqualTo(JobState.CANCELLED);
        assertThat(after.finishedAt()).isEqualTo(now);
        assertThat(after.result()).isNull();
        assertThat(after.leaseOwner()).isNull();
    }

    private static void assertImmutableFieldsKept(Job created, Job job) {
        assertThat(job.id()).isEqualTo(created.id());
        assertThat(job.type()).isEqualTo(created.type());
        assertThat(job.queue()).isEqualTo(created.queue());
        assertThat(job.payload()).isEqualTo(created.payload());
        assertThat(job.priority()).isEqualTo(created.priority());
        assertThat(job.maxAttempts()).isEqualTo(created.maxAttempts());
        assertThat(job.timeoutSeconds()).isEqualTo(created.timeoutSeconds());
        assertThat(job.idempotencyKey()).isEqualTo(created.idempotencyKey());
        assertThat(job.createdAt()).isEqualTo(created.createdAt());
    }

    private static void everyRowOfTheTableIsTaken(StatisticsCoverage coverage) {
        JobState pending = JobState.PENDING;
        JobState running = JobState.RUNNING;
        for (List<Object> row : List.<List<Object>>of(
                List.of(pending, JobEvent.CLAIM, running),
                List.of(running, JobEvent.HEARTBEAT, running),
                List.of(running, JobEvent.COMPLETE, JobState.COMPLETED),
                List.of(JobState.COMPLETED, JobEvent.COMPLETE, JobState.COMPLETED),
                List.of(running, JobEvent.FAIL_RETRYABLE, pending),
                List.of(running, JobEvent.FAIL_RETRYABLE, JobState.DEAD),
                List.of(running, JobEvent.FAIL_PERMANENT, JobState.FAILED),
                List.of(running, JobEvent.EXPIRE_LEASE, pending),
                List.of(running, JobEvent.EXPIRE_LEASE, JobState.DEAD),
                List.of(pending, JobEvent.CANCEL, JobState.CANCELLED),
                List.of(JobState.FAILED, JobEvent.RETRY, pending),
                List.of(JobState.DEAD, JobEvent.RETRY, pending),
                List.of(JobState.CANCELLED, JobEvent.RETRY, pending),
                List.of(running, JobEvent.RELEASE, pending),
                List.of(running, JobEvent.SNOOZE, pending),
                List.of(running, JobEvent.REQUEST_CANCEL, running),
                List.of(running, JobEvent.CANCEL, running),
                List.of(running, JobEvent.COMPLETE, JobState.CANCELLED),
                List.of(JobState.WAITING, JobEvent.PARENT_ENDED, pending),
                List.of(JobState.WAITING, JobEvent.PARENT_ENDED, JobState.WAITING),
                List.of(JobState.WAITING, JobEvent.PARENT_ENDED, JobState.CANCELLED),
                List.of(JobState.CANCELLED, JobEvent.PARENT_ENDED, JobState.CANCELLED),
                List.of(JobState.WAITING, JobEvent.CANCEL, JobState.CANCELLED),
                List.of(JobState.CANCELLED, JobEvent.RETRY, JobState.WAITING))) {
            coverage.check(row.toArray()).count(c -> c > 0);
        }
    }

    /** The end of the parent a {@link JobEvent#PARENT_ENDED} step reports: half of them complete. */
    private static JobState parentEnd(int durationSeconds) {
        return switch (durationSeconds % 6) {
            case 0, 1, 2 -> JobState.COMPLETED;
            case 3 -> JobState.FAILED;
            case 4 -> JobState.DEAD;
            default -> JobState.CANCELLED;
        };
    }

    private static boolean isFailure(JobEvent event) {
        return event == JobEvent.FAIL_RETRYABLE || event == JobEvent.FAIL_PERMANENT || event == JobEvent.EXPIRE_LEASE;
    }

    private static LeaseToken tokenFor(Step step, List<LeaseToken> issued) {
        return switch (step.token()) {
            case CURRENT -> issued.isEmpty() ? FOREIGN : latest(issued);
            case PREVIOUS -> issued.size() < 2 ? FOREIGN : issued.get(issued.size() - 2);
            case FOREIGN -> FOREIGN;
            case MISSING -> null;
        };
    }

    private static Job apply(
            Job job, Step step, LeaseToken presented, List<LeaseToken> issued, Backoff backoff, Instant now) {
        Duration duration = Duration.ofSeconds(step.durationSeconds());
        return switch (step.event()) {
            case CLAIM -> {
                LeaseToken fresh = new LeaseToken("lease-" + issued.size());
                Job claimed = job.claim("worker", fresh, duration, now);
                issued.add(fresh);
                yield claimed;
            }
            case HEARTBEAT -> job.heartbeat(presented, duration, now);
            case COMPLETE -> job.complete(presented, new Json("{\"n\":" + step.durationSeconds() + "}"), now);
            case FAIL_RETRYABLE -> job.fail(presented, Failure.retryable("boom " + now), backoff, now);
            case FAIL_PERMANENT -> job.fail(presented, Failure.permanent("fatal " + now), backoff, now);
            case EXPIRE_LEASE -> job.expireLease(backoff, now);
            case CANCEL -> job.cancel(now);
            case RETRY -> job.retry(now);
            case RELEASE -> job.release(presented, now);
            case SNOOZE -> job.snooze(presented, duration, now);
            case REQUEST_CANCEL -> job.requestingCancel(now).job();
            case PARENT_ENDED ->
                job.parentEnded(parentEnd(step.durationSeconds()), now).job();
        };
    }

    /** Runs a walk and keeps whatever job it reaches, ignoring refusals: a generator of reachable jobs. */
    private static Job walk(NewJob spec, List<Step> steps, long seed) {
        Backoff backoff = POLICY.backoff(new SplittableRandom(seed));
        Instant now = START;
        Job job = Job.create(ID, spec, now);
        List<LeaseToken> issued = new ArrayList<>();
        for (Step step : steps) {
            now = now.plusSeconds(step.advanceSeconds());
            try {
                job = apply(job, step, tokenFor(step, issued), issued, backoff, now);
            } catch (DomainException refused) {
                // Refusals change nothing; the walk goes on from the same job.
            }
        }
        return job;
    }

    private static Job copy(
            Job job,
            int attempts,
            Json result,
            String leaseOwner,
            Instant leaseExpiresAt,
            Instant finishedAt,
            String lastError) {
        return new Job(
                job.id(),
                job.type(),
                job.queue(),
                job.payload(),
                job.priority(),
                job.state(),
                attempts,
                job.maxAttempts(),
                job.runAt(),
                job.timeoutSeconds(),
                job.idempotencyKey(),
                result,
                lastError,
                job.errors(),
                job.leaseToken(),
                leaseOwner,
                leaseExpiresAt,
                job.createdAt(),
                job.updatedAt(),
                job.startedAt(),
                finishedAt,
                job.createdBy(),
                job.snoozes(),
                job.cancelRequestedAt(),
                job.concurrencyKey(),
                job.unique(),
                job.dependencies(),
                job.callbackUrl(),
                job.traceParent());
    }

    private static LeaseToken latest(List<LeaseToken> issued) {
        return issued.isEmpty() ? null : issued.getLast();
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
