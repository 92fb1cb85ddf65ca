package dev.jobprocessor.domain.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.domain.JobState;
import org.junit.jupiter.api.Test;

class BatchTallyTest {

    @Test
    void nothingIsMetBeforeAnyJobEnds() {
        assertThat(BatchTally.of(3).met()).isEmpty();
    }

    @Test
    void everyJobCompletedMeetsSuccessAndFinish() {
        BatchTally tally = BatchTally.of(2).ended(JobState.COMPLETED).ended(JobState.COMPLETED);

        assertThat(tally.met()).containsExactlyInAnyOrder(BatchCallback.ON_SUCCESS, BatchCallback.ON_FINISH);
    }

    @Test
    void theFirstFailedOrDeadJobMeetsDeadAndEveryEndMeetsFinish() {
        BatchTally oneDead = BatchTally.of(3).ended(JobState.DEAD);
        assertThat(oneDead.met()).containsExactly(BatchCallback.ON_DEAD);
        assertThat(BatchTally.of(3).ended(JobState.FAILED).met()).containsExactly(BatchCallback.ON_DEAD);

        BatchTally allEnded = oneDead.ended(JobState.COMPLETED).ended(JobState.CANCELLED);
        assertThat(allEnded.met()).containsExactlyInAnyOrder(BatchCallback.ON_DEAD, BatchCallback.ON_FINISH);
    }

    @Test
    void aCancelledJobIsAnEndButNotASuccessNorADeath() {
        BatchTally tally = BatchTally.of(2).ended(JobState.CANCELLED).ended(JobState.COMPLETED);

        assertThat(tally.met()).containsExactly(BatchCallback.ON_FINISH);
    }

    @Test
    void aReopenedJobTakesItsEndBack() {
        BatchTally tally = BatchTally.of(1).ended(JobState.DEAD).reopened(JobState.DEAD);

        assertThat(tally).isEqualTo(BatchTally.of(1));
        assertThat(tally.ended(JobState.COMPLETED).met())
                .containsExactlyInAnyOrder(BatchCallback.ON_SUCCESS, BatchCallback.ON_FINISH);
    }

    @Test
    void aTallyNeverCountsMoreEndsThanJobsNorANonFinalState() {
        assertThatThrownBy(() -> BatchTally.of(1).ended(JobState.COMPLETED).ended(JobState.COMPLETED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchTally.of(1).reopened(JobState.COMPLETED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchTally.of(1).ended(JobState.RUNNING)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchTally.of(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void callbacksHaveTheirWireNames() {
        for (BatchCallback callback : BatchCallback.values()) {
            assertThat(BatchCallback.fromWireName(callback.wireName())).isEqualTo(callback);
        }
        assertThat(BatchCallback.ON_DEAD.wireName()).isEqualTo("on_dead");
    }
}
