package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.testing.Submissions;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Which stretches of the claim index a claim reads, and when it falls back to reading all of it. */
class ClaimCursorsTest {

    private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");
    private static final Duration QUICK = Duration.ofMillis(3);

    private final AtomicLong nanos = new AtomicLong();
    private final ClaimCursors cursors = new ClaimCursors(nanos::get);
    private final Submissions submissions = new Submissions(7);

    private static ClaimRequest claimFrom(Set<String> types, String... queues) {
        return new ClaimRequest("w", List.of(queues), types, 10, Duration.ofSeconds(30), T);
    }

    private Job job(String queue, int priority, Instant runAt) {
        return submissions
                .of(JobRequest.ofType("work").withQueue(queue).withPriority(priority), runAt)
                .job();
    }

    private void claimed(ClaimRequest request, Job... jobs) {
        cursors.claimed(request, cursors.plan(request), List.of(jobs), QUICK);
    }

    @Test
    void aLaneNeverClaimedFromIsReadFromTheFront() {
        assertThat(cursors.plan(claimFrom(Set.of(), "default"))).isEqualTo(new ClaimPlan.FullScan());
    }

    @Test
    void afterAClaimThePriorityClaimedFromStartsAMarginBeforeItsEarliestJobAndTheOthersAreReadWhole() {
        ClaimRequest request = claimFrom(Set.of(), "default");
        claimed(request, job("default", 5, T.plusSeconds(3)), job("default", 5, T));

        assertThat(cursors.plan(request))
                .isEqualTo(new ClaimPlan.Ranges(List.of(
                        new ClaimRange("default", 1, 4, Optional.empty()),
                        new ClaimRange("default", 5, 5, Optional.of(T.minus(ClaimCursors.MARGIN))),
                        new ClaimRange("default", 6, 10, Optional.empty()))));
    }

    @Test
    void cursorsAtTheEdgesOfThePriorityScaleLeaveNoEmptyRange() {
        ClaimRequest request = claimFrom(Set.of(), "default");
        claimed(request, job("default", 1, T), job("default", 10, T));

        assertThat(cursors.plan(request))
                .isEqualTo(new ClaimPlan.Ranges(List.of(
                        new ClaimRange("default", 1, 1, Optional.of(T.minus(ClaimCursors.MARGIN))),
                        new ClaimRange("default", 2, 9, Optional.empty()),
                        new ClaimRange("default", 10, 10, Optional.of(T.minus(ClaimCursors.MARGIN))))));
    }

    @Test
    void aCursorOnlyMovesForward() {
        ClaimRequest request = claimFrom(Set.of(), "default");
        claimed(request, job("default", 5, T.plusSeconds(60)));
        claimed(request, job("default", 5, T)); // a late commit inside the margin, or a job a full scan found

        assertThat(cursors.plan(request))
                .isEqualTo(new ClaimPlan.Ranges(List.of(
                        new ClaimRange("default", 1, 4, Optional.empty()),
                        new ClaimRange(
                                "default", 5, 5, Optional.of(T.plusSeconds(60).minus(ClaimCursors.MARGIN))),
                        new ClaimRange("default", 6, 10, Optional.empty()))));
    }

    @Test
    void eachLaneScansFullyOncePerIntervalAndTheFullScanReplacesItsCursors() {
        ClaimRequest request = claimFrom(Set.of(), "default");
        claimed(request, job("default", 5, T.plusSeconds(60)));
        nanos.addAndGet(ClaimCursors.FULL_SCAN_INTERVAL.toNanos() - 1);
        assertThat(cursors.plan(request)).isInstanceOf(ClaimPlan.Ranges.class);

        nanos.addAndGet(1);
        ClaimPlan plan = cursors.plan(request);
        assertThat(plan).isEqualTo(new ClaimPlan.FullScan());
        cursors.claimed(request, plan, List.of(job("default", 3, T)), QUICK);

        assertThat(cursors.plan(request))
                .as("the full scan found a job behind the old cursor; priority 5 had nothing due and is read whole")
                .isEqualTo(new ClaimPlan.Ranges(List.of(
                        new ClaimRange("default", 1, 2, Optional.empty()),
                        new ClaimRange("default", 3, 3, Optional.of(T.minus(ClaimCursors.MARGIN))),
                        new ClaimRange("default", 4, 10, Optional.empty()))));
    }

    @Test
    void aSlowFullScanStretchesTheLanesIntervalAndAQuickOneRestoresIt() {
        ClaimRequest request = claimFrom(Set.of(), "default");
        cursors.claimed(request, cursors.plan(request), List.of(job("default", 5, T)), Duration.ofMillis(80));

        nanos.addAndGet(Duration.ofMillis(3_999).toNanos());
        assertThat(cursors.plan(request)).as("50 × 80 ms").isInstanceOf(ClaimPlan.Ranges.class);
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        ClaimPlan plan = cursors.plan(request);
        assertThat(plan).isEqualTo(new ClaimPlan.FullScan());

        cursors.claimed(request, plan, List.of(job("default", 5, T)), QUICK);
        nanos.addAndGet(ClaimCursors.FULL_SCAN_INTERVAL.toNanos());
        assertThat(cursors.plan(request)).isEqualTo(new ClaimPlan.FullScan());
    }

    @Test
    void aFullScanThatFindsNothingLeavesNoCursorSoTheNextClaimReadsTheFrontAgain() {
        ClaimRequest request = claimFrom(Set.of(), "default");
        claimed(request, job("default", 5, T));
        nanos.addAndGet(ClaimCursors.FULL_SCAN_INTERVAL.toNanos());
        claimed(request);

        assertThat(cursors.plan(request)).isEqualTo(new ClaimPlan.FullScan());
    }

    @Test
    void aClaimFromSeveralQueuesReadsEachQueuesRangesAndScansFullyWhenAnyQueueIsNew() {
        ClaimRequest both = claimFrom(Set.of(), "a", "b");
        claimed(claimFrom(Set.of(), "a"), job("a", 5, T));
        assertThat(cursors.plan(both)).as("queue b has no lane yet").isEqualTo(new ClaimPlan.FullScan());

        claimed(both, job("b", 2, T));
        assertThat(cursors.plan(both))
                .isEqualTo(new ClaimPlan.Ranges(List.of(
                        new ClaimRange("a", 1, 10, Optional.empty()),
                        new ClaimRange("b", 1, 1, Optional.empty()),
                        new ClaimRange("b", 2, 2, Optional.of(T.minus(ClaimCursors.MARGIN))),
                        new ClaimRange("b", 3, 10, Optional.empty()))));
    }

    @Test
    void aTypeFilteredClaimKeepsCursorsOfItsOwn() {
        claimed(claimFrom(Set.of("mail"), "default"), job("default", 5, T));

        assertThat(cursors.plan(claimFrom(Set.of(), "default")))
                .as("jobs of other types may be pending behind the mail jobs claimed")
                .isEqualTo(new ClaimPlan.FullScan());
        assertThat(cursors.plan(claimFrom(Set.of("mail"), "default"))).isInstanceOf(ClaimPlan.Ranges.class);
    }

    @Test
    void aClaimThatWouldReadTooManyRangesScansFully() {
        String[] queues = {"q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "q11"};
        ClaimRequest request = claimFrom(Set.of(), queues);
        Job[] jobs = new Job[queues.length];
        for (int i = 0; i < queues.length; i++) {
            jobs[i] = job(queues[i], 5, T);
        }
        claimed(request, jobs);

        assertThat(11 * 3).isGreaterThan(ClaimCursors.MAX_RANGES);
        assertThat(cursors.plan(request)).isEqualTo(new ClaimPlan.FullScan());
    }
}
