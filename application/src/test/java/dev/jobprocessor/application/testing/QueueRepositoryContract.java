package dev.jobprocessor.application.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobQuery;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.QueueRepository;
import dev.jobprocessor.domain.Backoff;
import dev.jobprocessor.domain.CallbackUrl;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.Queue;
import dev.jobprocessor.domain.QueueChange;
import dev.jobprocessor.domain.QueuePause;
import dev.jobprocessor.domain.QueueRetention;
import dev.jobprocessor.domain.QueueWebhook;
import dev.jobprocessor.domain.RateLimit;
import dev.jobprocessor.domain.Setting;
import dev.jobprocessor.domain.WebhookSecret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The executable specification of {@link QueueRepository} and of how queue settings bind
 * {@link JobRepository#claim}; every store runs it unchanged (docs/QUEUE_CONTROL.md).
 */
public abstract class QueueRepositoryContract {

    protected static final Duration LEASE = Duration.ofSeconds(30);

    protected final SettableClock clock = new SettableClock();
    protected final Submissions submissions = new Submissions(43);
    protected JobRepository jobs;
    protected QueueRepository queues;

    /** An empty store: its jobs, and its queues over the same data. */
    public record Store(JobRepository jobs, QueueRepository queues) {}

    protected abstract Store emptyStore();

    @BeforeEach
    void startEmpty() {
        Store store = emptyStore();
        jobs = store.jobs();
        queues = store.queues();
    }

    protected Job enqueue(String queue) {
        return jobs.enqueue(List.of(submissions.of(JobRequest.ofType("work").withQueue(queue), clock.now())))
                .getFirst()
                .job();
    }

    protected List<Job> claim(String queue, int limit) {
        return jobs.claim(new ClaimRequest("worker", List.of(queue), Set.of(), limit, LEASE, clock.now()));
    }

    private static QueueChange limit(Integer limit) {
        return new QueueChange(Setting.keep(), limit == null ? new Setting.Clear<>() : new Setting.To<>(limit));
    }

    @Nested
    class Records {

        @Test
        void aQueueHasARecordFromItsFirstJobWithSettingsThatChangeNothing() {
            assertThat(queues.queues()).isEmpty();
            enqueue("mail");
            enqueue("mail");

            assertThat(queues.queues()).extracting(Queue::name).containsExactly("mail");
            Queue mail = queues.queue("mail").orElseThrow();
            assertThat(mail.paused()).isFalse();
            assertThat(mail.concurrencyLimit()).isNull();
            assertThat(queues.queue("other")).isEmpty();
        }

        @Test
        void anOperatorCreatesAQueueBeforeItsFirstJobByChangingIt() {
            Queue created = queues.change("reports", limit(3), clock.now(), "ops");

            assertThat(created.concurrencyLimit()).isEqualTo(3);
            assertThat(queues.queue("reports")).contains(created);
            enqueue("reports");
            assertThat(queues.queue("reports").orElseThrow().concurrencyLimit())
                    .as("the first job does not reset the settings")
                    .isEqualTo(3);
        }

        @Test
        void aPauseRecordsWhenAndWhoAndPausingAgainKeepsTheFirst() {
            enqueue("mail");
            Queue paused = queues.change("mail", QueueChange.PAUSE, clock.now(), "alice");
            clock.advance(Duration.ofMinutes(5));
            Queue again = queues.change("mail", QueueChange.PAUSE, clock.now(), "bob");

            assertThat(paused.pause()).isEqualTo(new QueuePause(SettableClock.START, "alice"));
            assertThat(again.pause()).isEqualTo(paused.pause());
            assertThat(queues.change("mail", QueueChange.RESUME, clock.now(), "bob")
                            .paused())
                    .isFalse();
        }

        @Test
        void aChangeLeavesTheFieldsItDoesNotNameAsTheyAre() {
            queues.change("mail", limit(4), clock.now(), "ops");
            queues.change("mail", QueueChange.PAUSE, clock.now(), "ops");

            Queue mail = queues.queue("mail").orElseThrow();
            assertThat(mail.concurrencyLimit()).isEqualTo(4);
            assertThat(mail.paused()).isTrue();
            assertThat(queues.change("mail", limit(null), clock.now(), "ops").concurrencyLimit())
                    .isNull();
        }

        @Test
        void aQueueKeepsItsOwnRetentionPerStateUntilItIsClearedBackToTheServices() {
            queues.change(
                    "mail",
                    new QueueChange(
                            Setting.keep(),
                            Setting.keep(),
                            Map.of(
                                    JobState.COMPLETED, new Setting.To<>(Duration.ofHours(1)),
                                    JobState.DEAD, new Setting.To<>(Duration.ZERO))),
                    clock.now(),
                    "ops");
            assertThat(queues.queue("mail").orElseThrow().retention())
                    .isEqualTo(new QueueRetention(
                            Map.of(JobState.COMPLETED, Duration.ofHours(1), JobState.DEAD, Duration.ZERO)));

            queues.change(
                    "mail",
                    new QueueChange(Setting.keep(), Setting.keep(), Map.of(JobState.COMPLETED, new Setting.Clear<>())),
                    clock.now(),
                    "ops");
            assertThat(queues.queue("mail").orElseThrow().retention())
                    .isEqualTo(new QueueRetention(Map.of(JobState.DEAD, Duration.ZERO)));
        }

        @Test
        void aQueueKeepsItsWebhookDefaultsUntilTheyAreClearedAndOtherChangesLeaveThem() {
            CallbackUrl url = CallbackUrl.parse("https://hooks.example.com/mail");
            WebhookSecret secret = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
            queues.change(
                    "mail",
                    new QueueChange(
                            Setting.keep(),
                            Setting.keep(),
                            Setting.keep(),
                            Setting.keep(),
                            Map.of(),
                            new Setting.To<>(url),
                            new Setting.To<>(secret)),
                    clock.now(),
                    "ops");
            queues.change("mail", limit(3), clock.now(), "ops");

            assertThat(queues.queue("mail").orElseThrow().webhook()).isEqualTo(new QueueWebhook(url, secret));
            assertThat(queues.queues())
                    .filteredOn(queue -> queue.name().equals("mail"))
                    .extracting(Queue::webhook)
                    .containsExactly(new QueueWebhook(url, secret));

            queues.change(
                    "mail",
                    new QueueChange(
                            Setting.keep(),
                            Setting.keep(),
                            Setting.keep(),
                            Setting.keep(),
                            Map.of(),
                            new Setting.Clear<>(),
                            Setting.keep()),
                    clock.now(),
                    "ops");
            assertThat(queues.queue("mail").orElseThrow().webhook()).isEqualTo(new QueueWebhook(null, secret));
        }

        @Test
        void dueCountsStopAtTheCap() {
            for (int i = 0; i < 5; i++) {
                enqueue("mail");
            }
            enqueue("other");
            jobs.enqueue(List.of(submissions.of(
                    JobRequest.ofType("work")
                            .withQueue("later")
                            .withRunAt(clock.now().plusSeconds(60)),
                    clock.now())));

            assertThat(queues.dueCounts(clock.now(), 3))
                    .containsEntry("mail", 3L)
                    .containsEntry("other", 1L);
            assertThat(queues.dueCounts(clock.now(), 3)).doesNotContainKey("later");
        }
    }

    @Nested
    class Pause {

        @Test
        void aPausedQueueGivesOutNoJobAndAResumedOneDoes() {
            Job job = enqueue("mail");
            queues.change("mail", QueueChange.PAUSE, clock.now(), "ops");

            assertThat(claim("mail", 10)).isEmpty();
            queues.change("mail", QueueChange.RESUME, clock.now(), "ops");
            assertThat(claim("mail", 10)).extracting(Job::id).containsExactly(job.id());
        }

        @Test
        void aPauseStopsOnlyItsQueueInAClaimOfSeveral() {
            enqueue("mail");
            Job report = enqueue("reports");
            queues.change("mail", QueueChange.PAUSE, clock.now(), "ops");

            assertThat(jobs.claim(
                            new ClaimRequest("worker", List.of("mail", "reports"), Set.of(), 10, LEASE, clock.now())))
                    .extracting(Job::id)
                    .containsExactly(report.id());
        }

        @Test
        void jobsRunningWhenTheQueueIsPausedFinishNormally() {
            enqueue("mail");
            Job running = claim("mail", 1).getFirst();
            queues.change("mail", QueueChange.PAUSE, clock.now(), "ops");

            Job completed = ((ChangeOutcome.Applied) jobs.apply(List.of(new JobChange(
                                    running.id(),
                                    j -> j.completing(running.leaseToken(), Json.EMPTY_OBJECT, clock.now()))))
                            .getFirst())
                    .after();
            assertThat(completed.state()).isEqualTo(JobState.COMPLETED);
        }
    }

    @Nested
    class ConcurrencyLimit {

        @Test
        void aClaimTakesNoMoreThanTheFreeSlots() {
            for (int i = 0; i < 5; i++) {
                enqueue("mail");
            }
            queues.change("mail", limit(2), clock.now(), "ops");

            assertThat(claim("mail", 10)).hasSize(2);
            assertThat(claim("mail", 10)).isEmpty();
        }

        @Test
        void aSlotComesBackWhenAJobEndsOrItsLeaseIsReaped() {
            for (int i = 0; i < 5; i++) {
                enqueue("mail");
            }
            queues.change("mail", limit(2), clock.now(), "ops");
            List<Job> running = claim("mail", 10);
            Job first = running.get(0);
            jobs.apply(List.of(
                    new JobChange(first.id(), j -> j.completing(first.leaseToken(), Json.EMPTY_OBJECT, clock.now()))));
            assertThat(claim("mail", 10)).hasSize(1);

            clock.advance(LEASE.plusSeconds(1));
            Backoff none = attempt -> Duration.ZERO;
            for (var expired : jobs.findExpiredLeases(clock.now(), 10)) {
                jobs.apply(List.of(new JobChange(expired, j -> j.expiringLease(none, clock.now()))));
            }
            assertThat(claim("mail", 10)).as("both slots are free again").hasSize(2);
        }

        @Test
        void aLimitLoweredBelowTheRunningCountLetsThemFinishAndGivesOutNothingUntilBelowIt() {
            for (int i = 0; i < 6; i++) {
                enqueue("mail");
            }
            List<Job> running = claim("mail", 4);
            queues.change("mail", limit(2), clock.now(), "ops");

            assertThat(claim("mail", 10)).isEmpty();
            for (Job job : running.subList(0, 3)) {
                jobs.apply(List.of(
                        new JobChange(job.id(), j -> j.completing(job.leaseToken(), Json.EMPTY_OBJECT, clock.now()))));
            }
            assertThat(claim("mail", 10)).as("one running, limit two").hasSize(1);
        }

        @Test
        void aLimitBindsOnlyItsQueue() {
            for (int i = 0; i < 3; i++) {
                enqueue("mail");
                enqueue("reports");
            }
            queues.change("mail", limit(1), clock.now(), "ops");

            List<Job> claimed = jobs.claim(
                    new ClaimRequest("worker", List.of("mail", "reports"), Set.of(), 10, LEASE, clock.now()));
            assertThat(claimed.stream().filter(j -> j.queue().equals("mail"))).hasSize(1);
            assertThat(claimed.stream().filter(j -> j.queue().equals("reports")))
                    .hasSize(3);
        }

        @Test
        void manyClaimersAtOnceNeverRunMoreThanTheLimit() throws Exception {
            for (int i = 0; i < 200; i++) {
                enqueue("mail");
            }
            queues.change("mail", limit(3), clock.now(), "ops");

            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Integer>> claimers = IntStream.range(0, 8)
                        .<Callable<Integer>>mapToObj(i -> () -> claim("mail", 2).size())
                        .toList();
                int claimed = 0;
                List<Future<Integer>> results = new ArrayList<>(threads.invokeAll(claimers));
                for (Future<Integer> result : results) {
                    claimed += result.get();
                }
                assertThat(claimed).isEqualTo(3);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    private static QueueChange rate(int jobs, int perSeconds) {
        return new QueueChange(
                Setting.keep(),
                Setting.keep(),
                new Setting.To<>(new RateLimit(jobs, perSeconds)),
                Setting.keep(),
                Map.of());
    }

    private static QueueChange keyLimit(Integer limit) {
        return new QueueChange(
                Setting.keep(),
                Setting.keep(),
                Setting.keep(),
                limit == null ? new Setting.Clear<>() : new Setting.To<>(limit),
                Map.of());
    }

    protected Job enqueueKeyed(String queue, String key) {
        return jobs.enqueue(List.of(submissions.of(
                        JobRequest.ofType("work").withQueue(queue).withConcurrencyKey(key), clock.now())))
                .getFirst()
                .job();
    }

    private void complete(Job job) {
        jobs.apply(
                List.of(new JobChange(job.id(), j -> j.completing(job.leaseToken(), Json.EMPTY_OBJECT, clock.now()))));
    }

    @Nested
    class RateLimits {

        @Test
        void aQueueStartsNoMoreThanItsRateInAnyPeriodAndAgainOnceThePeriodHasPassed() {
            for (int i = 0; i < 10; i++) {
                enqueue("mail");
            }
            queues.change("mail", rate(3, 10), clock.now(), "ops");
            assertThat(queues.queue("mail").orElseThrow().rateLimit()).isEqualTo(new RateLimit(3, 10));

            assertThat(claim("mail", 2)).hasSize(2);
            clock.advance(Duration.ofSeconds(4));
            assertThat(claim("mail", 5)).as("one start left in the period").hasSize(1);
            clock.advance(Duration.ofSeconds(5));
            assertThat(claim("mail", 5))
                    .as("9 s after the first two: the period still holds 3")
                    .isEmpty();
            clock.advance(Duration.ofSeconds(1));
            assertThat(claim("mail", 5))
                    .as("10 s after the first two: they left the period")
                    .hasSize(2);
            clock.advance(Duration.ofSeconds(4));
            assertThat(claim("mail", 5)).as("the third left the period too").hasSize(1);
        }

        @Test
        void jobsWaitingForAStartAreNotTouchedAndLoseNoAttempt() {
            for (int i = 0; i < 3; i++) {
                enqueue("mail");
            }
            queues.change("mail", rate(1, 60), clock.now(), "ops");
            assertThat(claim("mail", 3)).hasSize(1);
            assertThat(claim("mail", 3)).isEmpty();

            List<Job> waiting = jobs.list(new JobQuery(JobState.PENDING, null, null, 10, null))
                    .jobs();
            assertThat(waiting)
                    .hasSize(2)
                    .allSatisfy(job -> assertThat(job.attempts()).isZero());
        }

        @Test
        void aRateLimitClearedLetsEveryDueJobGoAndBindsOnlyItsQueue() {
            for (int i = 0; i < 4; i++) {
                enqueue("mail");
                enqueue("reports");
            }
            queues.change("mail", rate(1, 60), clock.now(), "ops");
            List<Job> claimed = jobs.claim(
                    new ClaimRequest("worker", List.of("mail", "reports"), Set.of(), 10, LEASE, clock.now()));
            assertThat(claimed.stream().filter(j -> j.queue().equals("mail"))).hasSize(1);
            assertThat(claimed.stream().filter(j -> j.queue().equals("reports")))
                    .hasSize(4);

            queues.change(
                    "mail",
                    new QueueChange(Setting.keep(), Setting.keep(), new Setting.Clear<>(), Setting.keep(), Map.of()),
                    clock.now(),
                    "ops");
            assertThat(claim("mail", 10)).hasSize(3);
        }

        @Test
        void aRateAndAConcurrencyLimitTogetherGiveTheLesser() {
            for (int i = 0; i < 10; i++) {
                enqueue("mail");
            }
            queues.change("mail", rate(5, 60), clock.now(), "ops");
            queues.change("mail", limit(2), clock.now(), "ops");
            List<Job> first = claim("mail", 10);
            assertThat(first).hasSize(2);
            first.forEach(QueueRepositoryContract.this::complete);
            assertThat(claim("mail", 10)).hasSize(2);
            assertThat(claim("mail", 10)).isEmpty();
        }

        @Test
        void manyClaimersAtOnceStartNoMoreThanTheRate() throws Exception {
            for (int i = 0; i < 100; i++) {
                enqueue("mail");
            }
            queues.change("mail", rate(5, 60), clock.now(), "ops");
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                int claimed = 0;
                for (Future<Integer> result : threads.invokeAll(IntStream.range(0, 8)
                        .<Callable<Integer>>mapToObj(i -> () -> claim("mail", 2).size())
                        .toList())) {
                    claimed += result.get();
                }
                assertThat(claimed).isEqualTo(5);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Nested
    class KeyLimits {

        @Test
        void aKeyRunsNoMoreThanTheKeyLimitAndTheOtherKeysStillRun() {
            for (int i = 0; i < 20; i++) {
                enqueueKeyed("mail", "big");
            }
            for (int i = 0; i < 3; i++) {
                enqueueKeyed("mail", "small");
            }
            queues.change("mail", keyLimit(2), clock.now(), "ops");
            assertThat(queues.queue("mail").orElseThrow().keyLimit()).isEqualTo(2);

            List<Job> claimed = claim("mail", 10);
            assertThat(claimed)
                    .extracting(Job::concurrencyKey)
                    .containsExactlyInAnyOrder("big", "big", "small", "small");
            assertThat(claim("mail", 10)).as("both keys at their limit").isEmpty();

            complete(claimed.stream()
                    .filter(j -> j.concurrencyKey().equals("small"))
                    .findFirst()
                    .orElseThrow());
            assertThat(claim("mail", 10)).extracting(Job::concurrencyKey).containsExactly("small");
        }

        @Test
        void claimsRotateAcrossKeysSoAFloodDoesNotServeOneKeyFirst() {
            for (int i = 0; i < 30; i++) {
                enqueueKeyed("mail", "a-flood");
            }
            enqueueKeyed("mail", "b-small");
            enqueueKeyed("mail", "c-small");
            queues.change("mail", keyLimit(100), clock.now(), "ops");

            List<String> served = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                claim("mail", 1).forEach(job -> served.add(job.concurrencyKey()));
            }
            assertThat(served)
                    .as("one claim of one job per key in turn, though a-flood's jobs are older")
                    .containsExactly("a-flood", "b-small", "c-small");
        }

        @Test
        void jobsWithoutAKeyShareOneLaneBoundByTheKeyLimit() {
            for (int i = 0; i < 5; i++) {
                enqueue("mail");
            }
            enqueueKeyed("mail", "tenant-1");
            queues.change("mail", keyLimit(2), clock.now(), "ops");

            List<Job> claimed = claim("mail", 10);
            assertThat(claimed).extracting(Job::concurrencyKey).containsExactlyInAnyOrder("tenant-1", null, null);
            assertThat(claim("mail", 10)).isEmpty();
        }

        @Test
        void aKeyLimitClearedLetsTheFloodRun() {
            for (int i = 0; i < 5; i++) {
                enqueueKeyed("mail", "big");
            }
            queues.change("mail", keyLimit(1), clock.now(), "ops");
            assertThat(claim("mail", 10)).hasSize(1);
            queues.change("mail", keyLimit(null), clock.now(), "ops");
            assertThat(claim("mail", 10)).hasSize(4);
        }

        @Test
        void manyClaimersAtOnceNeverRunMoreThanTheKeyLimitOfAKey() throws Exception {
            for (int i = 0; i < 50; i++) {
                enqueueKeyed("mail", "a");
                enqueueKeyed("mail", "b");
            }
            queues.change("mail", keyLimit(3), clock.now(), "ops");
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Job> claimed = new ArrayList<>();
                for (Future<List<Job>> result : threads.invokeAll(IntStream.range(0, 8)
                        .<Callable<List<Job>>>mapToObj(i -> () -> claim("mail", 2))
                        .toList())) {
                    claimed.addAll(result.get());
                }
                assertThat(claimed.stream().filter(j -> j.concurrencyKey().equals("a")))
                        .hasSize(3);
                assertThat(claimed.stream().filter(j -> j.concurrencyKey().equals("b")))
                        .hasSize(3);
            } finally {
                threads.shutdownNow();
            }
        }
    }
}
