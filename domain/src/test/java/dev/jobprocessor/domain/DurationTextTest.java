package dev.jobprocessor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "0, PT0S",
        "0s, PT0S",
        "0d, PT0S",
        "45s, PT45S",
        "30m, PT30M",
        "12h, PT12H",
        "14d, PT336H",
        "90m, PT1H30M"
    })
    void readsOneWholeNumberAndOneUnit(String text, Duration expected) {
        assertThat(DurationText.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
            strings = {
                "",
                " 1d",
                "1d ",
                "1",
                "-1d",
                "+1d",
                "1.5h",
                "1h30m",
                "PT1H",
                "1D",
                "1w",
                "d",
                "1 d",
                "00",
                "1e3s",
                "１d",
                "1000000000000s"
            })
    void refusesAnythingElseWithTheRuleAndTheValue(String text) {
        assertThatThrownBy(() -> DurationText.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be 0 or a whole number followed by s, m, h or d (45s, 30m, 12h, 14d), got \"" + text
                        + "\"");
    }

    @Test
    void refusesNothing() {
        assertThatThrownBy(() -> DurationText.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(", got nothing");
    }

    @Test
    void refusesMoreThanAHundredYearsInAnyUnit() {
        assertThat(DurationText.parse("36500d")).isEqualTo(DurationText.MAX);
        assertThat(DurationText.parse("876000h")).isEqualTo(DurationText.MAX);
        assertThatThrownBy(() -> DurationText.parse("36501d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be at most 36500d, got \"36501d\"");
        assertThatThrownBy(() -> DurationText.parse("3153600001s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be at most 36500d, got \"3153600001s\"");
    }

    @Test
    void quotesALongOrControlValueOnOneShortLine() {
        String hostile = "x".repeat(100) + "\n";
        assertThatThrownBy(() -> DurationText.parse(hostile))
                .hasMessageNotContaining("\n")
                .hasMessageEndingWith("x…\"")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(150));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PT0S, 0", "PT45S, 45s", "PT90S, 90s", "PT30M, 30m", "PT36H, 36h", "PT168H, 7d"})
    void formatsInTheLargestUnitThatDividesIt(Duration duration, String expected) {
        assertThat(DurationText.format(duration)).isEqualTo(expected);
    }

    @Test
    void cannotFormatWhatItCannotRead() {
        assertThatThrownBy(() -> DurationText.format(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DurationText.format(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
