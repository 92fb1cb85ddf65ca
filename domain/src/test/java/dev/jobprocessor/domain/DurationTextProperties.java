package dev.jobprocessor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** {@link DurationText}'s parse and format are each other's inverse over everything they accept. */
class DurationTextProperties {

    @Property
    void formattingThenParsingGivesTheSameDuration(@ForAll @LongRange(min = 0, max = 3_153_600_000L) long seconds) {
        Duration duration = Duration.ofSeconds(seconds);
        assertThat(DurationText.parse(DurationText.format(duration))).isEqualTo(duration);
    }

    @Property
    void aNumberAndAUnitReadAsThatManyUnits(
            @ForAll @LongRange(min = 0, max = 36_500) long amount, @ForAll("units") char unit) {
        Duration expected = switch (unit) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        assertThat(DurationText.parse(amount + String.valueOf(unit))).isEqualTo(expected);
    }

    @Property
    void anythingThatDoesNotLookLikeOneIsRefusedWithTheRule(@ForAll("noise") String text) {
        Assume.that(!text.matches("0|[0-9]{1,12}[smhd]"));
        assertThatThrownBy(() -> DurationText.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("must be 0 or a whole number followed by s, m, h or d");
    }

    @Provide
    Arbitrary<Character> units() {
        return Arbitraries.of('s', 'm', 'h', 'd');
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.strings().withChars("0123456789smhdSMHD.-+ PTw").ofMaxLength(8);
    }
}
