package dev.jobprocessor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JOBS_API_TOKENS format, the 32-character rule, hashing, and lookup by secret. */
class ApiTokensTest {

    static final String CI_SECRET = "ci-secret-0123456789abcdef0123456789";
    static final String OPS_SECRET = "ops-secret-0123456789abcdef012345678";

    @Test
    void parsesNamedTokensWithScopes() {
        ApiTokens tokens = ApiTokens.parse("ci:submit,read:" + CI_SECRET + "; ops:admin:" + OPS_SECRET);

        assertThat(tokens.tokens()).hasSize(2);
        ApiToken ci = tokens.authenticate(CI_SECRET).orElseThrow();
        assertThat(ci.name()).isEqualTo("ci");
        assertThat(ci.scopes()).containsExactlyInAnyOrder(Scope.SUBMIT, Scope.READ);
        assertThat(ci.allows(Scope.READ)).isTrue();
        assertThat(ci.allows(Scope.WORK)).isFalse();
        assertThat(tokens.authenticate(OPS_SECRET).orElseThrow().allows(Scope.WORK))
                .as("admin may do everything")
                .isTrue();
    }

    @Test
    void rejectsWhatIsNotExactlyASecret() {
        ApiTokens tokens = ApiTokens.parse("ci:read:" + CI_SECRET);

        assertThat(tokens.authenticate(null)).isEmpty();
        assertThat(tokens.authenticate("")).isEmpty();
        assertThat(tokens.authenticate(CI_SECRET.substring(0, CI_SECRET.length() - 1)))
                .isEmpty();
        assertThat(tokens.authenticate(CI_SECRET + "x")).isEmpty();
        assertThat(tokens.authenticate(CI_SECRET.toUpperCase(java.util.Locale.ROOT)))
                .isEmpty();
    }

    @Test
    void keepsOnlyDigestsAndNeverPrintsASecret() {
        ApiTokens tokens = ApiTokens.parse("ci:read:" + CI_SECRET);

        ApiToken token = tokens.tokens().getFirst();
        assertThat(token.secretDigest()).hasSize(32).isEqualTo(ApiTokens.digest(CI_SECRET));
        assertThat(new String(token.secretDigest(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(CI_SECRET);
        assertThat(tokens.toString()).contains("ci").doesNotContain(CI_SECRET);
    }

    @Test
    void twoSecretsMayShareANameDuringARotation() {
        ApiTokens tokens = ApiTokens.parse("worker:work:" + CI_SECRET + ";worker:work:" + OPS_SECRET);

        assertThat(tokens.authenticate(CI_SECRET).orElseThrow().name()).isEqualTo("worker");
        assertThat(tokens.authenticate(OPS_SECRET).orElseThrow().name()).isEqualTo("worker");
    }

    @Test
    void explainsEveryBadEntryWithoutRepeatingItsSecret() {
        String shortSecret = "too-short-secret";
        assertThatThrownBy(() -> ApiTokens.parse("ci:read:" + shortSecret))
                .hasMessageContaining("token 'ci'")
                .hasMessageContaining("shorter than 32")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(shortSecret));
        assertThatThrownBy(() -> ApiTokens.parse("ci:write:" + CI_SECRET))
                .hasMessageContaining("unknown scope")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CI_SECRET));
        assertThatThrownBy(() -> ApiTokens.parse("ci:" + CI_SECRET))
                .hasMessageContaining("name:scopes:secret")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CI_SECRET));
        assertThatThrownBy(() -> ApiTokens.parse("c i:read:" + CI_SECRET)).hasMessageContaining("invalid name");
        assertThatThrownBy(() -> ApiTokens.parse("a:read:" + CI_SECRET + ";b:admin:" + CI_SECRET))
                .hasMessageContaining("reuses the secret of token 'a'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CI_SECRET));
    }

    @Test
    void comparesDigestsOfEqualLengthSoTimeDoesNotDependOnTheGuess() {
        // The comparison is over SHA-256 digests: every presented secret, right or wrong, short or long, becomes 32
        // bytes, and MessageDigest.isEqual looks at all of them. A guess sharing a long prefix with the secret shares
        // nothing predictable with its digest.
        byte[] right = ApiTokens.digest(CI_SECRET);
        byte[] nearMiss = ApiTokens.digest(CI_SECRET.substring(0, 35) + "!");
        byte[] farMiss = ApiTokens.digest("x");
        assertThat(right).hasSize(32);
        assertThat(nearMiss).hasSize(32);
        assertThat(farMiss).hasSize(32);
        int sharedPrefix = 0;
        while (sharedPrefix < 32 && right[sharedPrefix] == nearMiss[sharedPrefix]) {
            sharedPrefix++;
        }
        assertThat(sharedPrefix)
                .as("a near miss does not share a digest prefix")
                .isLessThan(4);
        assertThat(Set.of(ApiTokens.parse("ci:read:" + CI_SECRET)
                        .tokens()
                        .getFirst()
                        .scopes()))
                .hasSize(1);
    }
}
