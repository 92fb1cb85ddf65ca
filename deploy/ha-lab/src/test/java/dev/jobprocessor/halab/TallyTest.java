package dev.jobprocessor.halab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TallyTest {

    private static Acknowledgement ack(String key, String id) {
        return new Acknowledgement(key, id, 1_000);
    }

    @Test
    void everyAcknowledgedJobThatRanOnceIsNeitherLostNorDuplicated() {
        Tally tally = Tally.of(List.of(ack("k1", "a"), ack("k2", "b")), List.of("a 1", "b 1", ""));

        assertThat(tally).isEqualTo(new Tally(2, List.of(), Map.of(), 0));
        assertThat(tally.allRan()).isTrue();
    }

    @Test
    void anAcknowledgedJobMissingFromTheLedgerIsLost() {
        Tally tally = Tally.of(List.of(ack("k1", "a"), ack("k2", "b"), ack("k3", "c")), List.of("b 1"));

        assertThat(tally.lost()).containsExactly("a", "c");
        assertThat(tally.allRan()).isFalse();
    }

    @Test
    void anAcknowledgedJobTheServiceNoLongerKnowsIsLostEvenIfItRan() {
        Tally tally = Tally.of(List.of(ack("k1", "a"), ack("k2", "b")), List.of("a 1", "b 1"), Set.of("b"));

        assertThat(tally.lost()).containsExactly("b");
    }

    @Test
    void aJobThatRanTwiceIsDuplicatedWithItsCount() {
        Tally tally = Tally.of(List.of(ack("k1", "a"), ack("k2", "b")), List.of("a 1", "b 1", "a 2", "a 3"));

        assertThat(tally.duplicated()).isEqualTo(Map.of("a", 3));
        assertThat(tally.lost()).isEmpty();
    }

    @Test
    void oneJobAcknowledgedTwiceIsCountedOnceAndExecutionsOfUnknownJobsApart() {
        Tally tally = Tally.of(List.of(ack("k1", "a"), ack("k1", "a")), List.of("a 1", "z 1", "z 2"));

        assertThat(tally.acknowledged()).isEqualTo(1);
        assertThat(tally.duplicated()).isEmpty();
        assertThat(tally.unacknowledged()).isEqualTo(2);
    }

    @Test
    void anAcknowledgementLineRoundTripsAndABadOneIsRefused() {
        Acknowledgement acknowledgement = new Acknowledgement("proof-1-7", "01J0000000", 1_733_300_000_123L);

        assertThat(Acknowledgement.parse(acknowledgement.line())).isEqualTo(acknowledgement);
        assertThatThrownBy(() -> Acknowledgement.parse("proof-1-7 01J0000000"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
