package dev.jobprocessor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/SPEC.md §11 at start-up: tokens, the 32-character rule, and no open service on a reachable address by accident.
 */
class SecuritySettingsTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void withoutTokensOnlyLoopbackIsAllowed() {
        assertThat(Settings.fromEnvironment(Map.of()).authenticates()).isFalse();
        assertThat(Settings.fromEnvironment(Map.of("JOBS_HTTP_HOST", "localhost"))
                        .authenticates())
                .isFalse();
        assertThat(Settings.fromEnvironment(Map.of("JOBS_HTTP_HOST", "::1")).authenticates())
                .isFalse();

        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("JOBS_HTTP_HOST", "0.0.0.0")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("JOBS_HTTP_HOST=0.0.0.0")
                .hasMessageContaining("JOBS_AUTH=none");
    }

    @Test
    void anOpenServiceOnAReachableAddressMustBeAskedForExplicitly() {
        Settings open = Settings.fromEnvironment(Map.of("JOBS_HTTP_HOST", "0.0.0.0", "JOBS_AUTH", "none"));
        assertThat(open.authenticates()).isFalse();
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("JOBS_AUTH", "maybe")))
                .hasMessageContaining("JOBS_AUTH must be tokens or none");
        assertThatThrownBy(() ->
                        Settings.fromEnvironment(Map.of("JOBS_AUTH", "none", "JOBS_API_TOKENS", "ci:read:" + SECRET)))
                .hasMessageContaining("contradicts");
    }

    @Test
    void tokensAllowAnyAddress() {
        Settings settings = Settings.fromEnvironment(
                Map.of("JOBS_HTTP_HOST", "0.0.0.0", "JOBS_API_TOKENS", "ci:submit,read:" + SECRET));
        assertThat(settings.authenticates()).isTrue();
        assertThat(settings.apiTokens().authenticate(SECRET).orElseThrow().name())
                .isEqualTo("ci");
    }

    @Test
    void aShortSecretStopsTheStartWithOneLineThatDoesNotRepeatIt() {
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("JOBS_API_TOKENS", "ci:read:short-secret")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("JOBS_API_TOKENS: token 'ci'")
                .hasMessageContaining("shorter than 32")
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("short-secret")
                        .doesNotContain("\n"));
    }

    @Test
    void tokensCanComeFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokens");
        Files.writeString(
                file, "# rotated monthly\nci:read:" + SECRET + "\nworker-1:work:" + SECRET.replace('0', 'z') + "\n");

        Settings settings = Settings.fromEnvironment(Map.of("JOBS_API_TOKENS_FILE", file.toString()));

        assertThat(settings.apiTokens().tokens()).hasSize(2);
        assertThatThrownBy(() -> Settings.fromEnvironment(
                        Map.of("JOBS_API_TOKENS_FILE", file.toString(), "JOBS_API_TOKENS", "ci:read:" + SECRET)))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> Settings.fromEnvironment(
                        Map.of("JOBS_API_TOKENS_FILE", dir.resolve("missing").toString())))
                .hasMessageContaining("cannot be read");
    }
}
