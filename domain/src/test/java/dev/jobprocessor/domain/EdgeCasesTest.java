package dev.jobprocessor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Edge cases found by reviewing the domain: each once slipped through. */
class EdgeCasesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "+0190f5a-0000-7000-8000-000000000000",
                "0190f5a5-+000-7000-8000-000000000000",
                "0190f5a5-0000-7000-8000-00000000000g",
                "0190f5a5_0000_7000_8000_000000000000",
            })
    void aJobIdHasExactlyOneTextualForm(String almostCanonical) {
        assertThatThrownBy(() -> JobId.parse(almostCanonical))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a job id");
    }

    @Test
    void aCanonicalIdInEitherCaseParsesToTheSameJob() {
        String lower = "0190f5a5-0000-7000-8000-00000000abcd";
        assertThat(JobId.parse(lower.toUpperCase(java.util.Locale.ROOT))).isEqualTo(JobId.parse(lower));
        assertThat(JobId.parse(lower).toString()).isEqualTo(lower);
    }

    @Test
    void shorteningALongMessageNeverSplitsACharacter() {
        // an emoji (two UTF-16 units) right where the cut falls
        String message = "x".repeat(Failure.MAX_MESSAGE_LENGTH - 2) + "😀" + "tail";

        String stored = Failure.retryable(message).message();

        assertThat(stored).hasSizeLessThanOrEqualTo(Failure.MAX_MESSAGE_LENGTH).endsWith("…");
        assertThat(new String(stored.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .as("survives a round trip through UTF-8")
                .isEqualTo(stored);
        assertThat(stored.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF))
                .isTrue();
    }

    @Test
    void aRetryPolicyRefusesASubMillisecondBaseAndAnUnboundedCap() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofNanos(500_000), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 ms");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most");
        RetryPolicy longest = new RetryPolicy(Duration.ofMillis(1), RetryPolicy.MAX_CAP);
        assertThat(longest.ceiling(100)).isEqualTo(RetryPolicy.MAX_CAP);
    }
}
