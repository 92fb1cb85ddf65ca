package dev.jobprocessor.adapters.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.domain.WebhookSecret;
import org.junit.jupiter.api.Test;

class StandardWebhookSignatureTest {

    /** The example of the Standard Webhooks specification, which every receiver library checks against. */
    @Test
    void signs_the_specification_example() {
        WebhookSecret secret = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        String signature = StandardWebhookSignature.sign(
                secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void any_change_to_id_timestamp_or_body_changes_the_signature() {
        WebhookSecret secret = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        String base = StandardWebhookSignature.sign(secret, "msg_1", 1, "{}");

        assertThat(StandardWebhookSignature.sign(secret, "msg_2", 1, "{}")).isNotEqualTo(base);
        assertThat(StandardWebhookSignature.sign(secret, "msg_1", 2, "{}")).isNotEqualTo(base);
        assertThat(StandardWebhookSignature.sign(secret, "msg_1", 1, "{ }")).isNotEqualTo(base);
    }
}
