package dev.jobprocessor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallbackUrlTest {

    @Test
    void reads_host_port_and_scheme() {
        CallbackUrl url = CallbackUrl.parse("https://Hooks.Example.com/jobs?x=1");

        assertThat(url.secure()).isTrue();
        assertThat(url.host()).isEqualTo("hooks.example.com");
        assertThat(url.port()).isEqualTo(443);
        assertThat(CallbackUrl.parse("http://[::1]:9000/h").host()).isEqualTo("::1");
        assertThat(CallbackUrl.parse("http://[::1]:9000/h").port()).isEqualTo(9000);
        assertThat(CallbackUrl.parse("http://a.example/").port()).isEqualTo(80);
    }

    @Test
    void refuses_what_is_not_an_absolute_http_url_without_credentials_or_fragment() {
        assertThatThrownBy(() -> CallbackUrl.parse("ftp://a.example/")).hasMessage("must be an absolute https URL");
        assertThatThrownBy(() -> CallbackUrl.parse("/relative")).hasMessage("must be an absolute https URL");
        assertThatThrownBy(() -> CallbackUrl.parse("https://user:pw@a.example/"))
                .hasMessage("must not carry a user name or password");
        assertThatThrownBy(() -> CallbackUrl.parse("https://a.example/#x")).hasMessage("must not have a fragment");
        assertThatThrownBy(() -> CallbackUrl.parse("https:///path")).hasMessage("must name a host");
        assertThatThrownBy(() -> CallbackUrl.parse("https://a.example/ space")).hasMessageStartingWith("is not a URL");
        assertThatThrownBy(() -> CallbackUrl.parse("https://a.example/" + "x".repeat(2048)))
                .hasMessage("must be at most 2048 characters");
    }

    @Test
    void a_secret_is_whsec_and_base64_of_24_to_64_bytes_and_never_shown() {
        WebhookSecret secret = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        assertThat(secret.key()).hasSize(24);
        assertThat(secret).hasToString("whsec_…");
        assertThatThrownBy(() -> WebhookSecret.parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .hasMessageContaining("whsec_");
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_c2hvcnQ=")).hasMessageContaining("it holds 5");
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_not base64!"))
                .hasMessageContaining("not valid")
                .hasMessageNotContaining("not base64!");
    }
}
