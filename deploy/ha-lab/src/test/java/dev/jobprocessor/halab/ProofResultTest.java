package dev.jobprocessor.halab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProofResultTest {

    private static final ProducerCounts CLEAN = new ProducerCounts(3, 7, 0, 2, 0, 0, 41_700, 38_250);

    private static ProofResult result(Tally tally, ProducerCounts producer, int restarts) {
        return new ProofResult("primary-kill", tally, producer, restarts, 2);
    }

    @Test
    void theResultLineHasEveryFieldInItsOrder() {
        ProofResult result = result(new Tally(3, List.of(), Map.of("a", 2), 0), CLEAN, 0);

        assertThat(result.line())
                .isEqualTo("RESULT scenario=primary-kill acknowledged=3 lost=0 duplicates=1 http_5xx=0"
                        + " write_outage_s=41.7 ready_503_s=38.3 restarts=0");
    }

    @Test
    void aCleanRunPassesAndEachBreachFailsIt() {
        Tally clean = new Tally(3, List.of(), Map.of(), 0);
        assertThat(result(clean, CLEAN, 0).failures(Expectation.NOTHING_LOST)).isEmpty();

        assertThat(result(new Tally(3, List.of("a"), Map.of(), 0), CLEAN, 0).failures(Expectation.NOTHING_LOST))
                .singleElement()
                .asString()
                .contains("never ran");
        assertThat(result(clean, new ProducerCounts(3, 7, 1, 0, 0, 0, 0, 0), 0).failures(Expectation.NOTHING_LOST))
                .singleElement()
                .asString()
                .contains("5xx other than 503");
        assertThat(result(clean, CLEAN, 1).failures(Expectation.NOTHING_LOST))
                .singleElement()
                .asString()
                .contains("died or restarted");
        assertThat(result(new Tally(3, List.of(), Map.of("a", 2, "b", 2, "c", 2), 0), CLEAN, 0)
                        .failures(Expectation.NOTHING_LOST))
                .singleElement()
                .asString()
                .contains("ran twice");
        assertThat(result(clean, new ProducerCounts(3, 0, 0, 0, 0, 4, 0, 0), 0).failures(Expectation.NOTHING_LOST))
                .singleElement()
                .asString()
                .contains("never acknowledged");
        assertThat(result(new Tally(0, List.of(), Map.of(), 0), new ProducerCounts(0, 0, 0, 0, 0, 0, 0, 0), 0)
                        .failures(Expectation.NOTHING_LOST))
                .singleElement()
                .asString()
                .contains("nothing was acknowledged");
    }

    @Test
    void theNegativeControlPassesOnlyWhenItSeesALoss() {
        assertThat(result(new Tally(3, List.of("a"), Map.of(), 0), CLEAN, 0).failures(Expectation.LOSS_DETECTED))
                .isEmpty();
        assertThat(result(new Tally(3, List.of(), Map.of(), 0), CLEAN, 0).failures(Expectation.LOSS_DETECTED))
                .singleElement()
                .asString()
                .contains("lost nothing");
    }

    @Test
    void theProducersCountsRoundTripThroughTheirFile(@TempDir Path directory) {
        Path file = directory.resolve("producer.counts");
        CLEAN.write(file);

        assertThat(ProducerCounts.read(file)).isEqualTo(CLEAN);
    }
}
