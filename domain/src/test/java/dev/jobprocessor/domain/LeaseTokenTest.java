package dev.jobprocessor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/SPEC.md §5: a fresh random lease token of at least 128 bits per claim; docs/SPEC.md §3/§11: never shown, never
 * logged.
 */
class LeaseTokenTest {

    @Test
    void aRandomTokenCarriesAtLeast128Bits() {
        LeaseToken token = LeaseToken.random(new SecureRandom());

        // Hex text: four bits per character.
        assertThat(token.value()).matches("[0-9a-f]+");
        assertThat(token.value().length() * 4).isGreaterThanOrEqualTo(128);
    }

    @Test
    void randomTokensDoNotRepeat() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(LeaseToken.random(random).value());
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void aTokenIsDrawnFromTheGivenSource() {
        assertThat(LeaseToken.random(new SplittableRandom(9))).isEqualTo(LeaseToken.random(new SplittableRandom(9)));
        assertThat(LeaseToken.random(new SplittableRandom(9)))
                .isNotEqualTo(LeaseToken.random(new SplittableRandom(10)));
    }

    @Test
    void matchesATokenWithTheSameValue() {
        LeaseToken token = LeaseToken.random(new SecureRandom());

        assertThat(token.matches(new LeaseToken(token.value()))).isTrue();
        assertThat(new LeaseToken(token.value()).matches(token)).isTrue();
    }

    @Test
    void doesNotMatchAnotherValueOrNothing() {
        LeaseToken token = new LeaseToken("0123456789abcdef0123456789abcdef");

        assertThat(token.matches(null)).isFalse();
        assertThat(token.matches(new LeaseToken("0123456789abcdef0123456789abcdee")))
                .as("last character")
                .isFalse();
        assertThat(token.matches(new LeaseToken("1123456789abcdef0123456789abcdef")))
                .as("first character")
                .isFalse();
        assertThat(token.matches(new LeaseToken("0123456789abcdef0123456789abcde")))
                .as("prefix")
                .isFalse();
        assertThat(token.matches(new LeaseToken("0123456789abcdef0123456789abcdef0")))
                .as("extension")
                .isFalse();
        assertThat(token.matches(new LeaseToken("0123456789ABCDEF0123456789ABCDEF")))
                .as("case")
                .isFalse();
    }

    @Test
    void toStringDoesNotRevealTheSecret() {
        LeaseToken token = LeaseToken.random(new SecureRandom());

        assertThat(token.toString()).doesNotContain(token.value());
        // A token inside a job's own toString (say, in a log line) must stay hidden too.
        Job running = TestJobs.pending().claim("w", token, TestJobs.LEASE, TestJobs.NOW);
        assertThat(running.toString()).doesNotContain(token.value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "\n  "})
    void refusesABlankToken(String value) {
        assertThatThrownBy(() -> new LeaseToken(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAMissingToken() {
        assertThatThrownBy(() -> new LeaseToken(null)).isInstanceOf(NullPointerException.class);
    }
}
