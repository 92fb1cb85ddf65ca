package dev.jobprocessor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/SPEC.md §5: a repeated idempotency key with an identical request returns the existing job, with a different
 * request it is a conflict. The fingerprint is what decides "identical", so it must separate every field a client can
 * set.
 */
class NewJobFingerprintTest {

    private static final Instant RUN_AT = Instant.parse("2030-01-01T00:00:00Z");

    private static final JobRequest BASE = JobRequest.ofType("email.send")
            .withQueue("mail")
            .withPayload(new Json("{\"to\":\"ada@example.com\"}"))
            .withPriority(3)
            .withRunAt(RUN_AT)
            .withMaxAttempts(4)
            .withTimeoutSeconds(60)
            .withIdempotencyKey("order-42");

    private static String fingerprint(JobRequest request) {
        return request.validate().fingerprint();
    }

    @Test
    void theSameRequestHasTheSameFingerprint() {
        JobRequest copy = new JobRequest(
                "email.send",
                "mail",
                new Json("{\"to\":\"ada@example.com\"}"),
                3,
                Instant.parse("2030-01-01T00:00:00Z"),
                4,
                60,
                "order-42");

        assertThat(fingerprint(copy)).isEqualTo(fingerprint(BASE));
        assertThat(BASE.validate().fingerprint()).isEqualTo(BASE.validate().fingerprint());
    }

    @Test
    void isAHexSha256Digest() {
        assertThat(fingerprint(BASE)).hasSize(64).matches("[0-9a-f]{64}");
    }

    static Stream<Arguments> oneFieldChanged() {
        Map<String, UnaryOperator<JobRequest>> changes = new HashMap<>();
        changes.put(
                "type",
                r -> new JobRequest(
                        "email.sent",
                        r.queue(),
                        r.payload(),
                        r.priority(),
                        r.runAt(),
                        r.maxAttempts(),
                        r.timeoutSeconds(),
                        r.idempotencyKey()));
        changes.put("queue", r -> r.withQueue("mail2"));
        changes.put("payload value", r -> r.withPayload(new Json("{\"to\":\"bob@example.com\"}")));
        changes.put("payload omitted", r -> r.withPayload(null));
        changes.put("priority", r -> r.withPriority(4));
        changes.put("run_at by a millisecond", r -> r.withRunAt(RUN_AT.plusMillis(1)));
        changes.put("run_at by a nanosecond", r -> r.withRunAt(RUN_AT.plusNanos(1)));
        changes.put("run_at omitted", r -> r.withRunAt(null));
        changes.put("max_attempts", r -> r.withMaxAttempts(5));
        changes.put("timeout_seconds", r -> r.withTimeoutSeconds(61));
        changes.put("callback_url set", r -> r.withCallbackUrl("https://hooks.example/done"));
        changes.put("idempotency_key", r -> r.withIdempotencyKey("order-43"));
        changes.put("idempotency_key omitted", r -> r.withIdempotencyKey(null));
        return changes.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneFieldChanged")
    void anyFieldDifferenceChangesTheFingerprint(String field, UnaryOperator<JobRequest> change) {
        JobRequest changed = change.apply(BASE);

        assertThat(changed).isNotEqualTo(BASE);
        assertThat(fingerprint(changed)).as(field).isNotEqualTo(fingerprint(BASE));
    }

    @Test
    void movingCharactersBetweenAdjacentFieldsChangesTheFingerprint() {
        // A digest of the plain concatenation would see "ab"+"c" and "a"+"bc" as one request.
        JobRequest left = JobRequest.ofType("ab").withQueue("c");
        JobRequest right = JobRequest.ofType("a").withQueue("bc");

        assertThat(fingerprint(left)).isNotEqualTo(fingerprint(right));
    }

    @Test
    void textThatLooksLikeTheNextFieldsCannotShiftThemAlong() {
        // The payload and the key are free text to the domain, so either can carry whatever a separator-only digest
        // would put between fields: here the payload swallows priority to timeout and the start of the key.
        JobRequest plain = JobRequest.ofType("t").withPayload(new Json("x")).withIdempotencyKey("k:5::5:300:k2");
        JobRequest shifted =
                JobRequest.ofType("t").withPayload(new Json("x:5::5:300:k")).withIdempotencyKey("k2");

        assertThat(fingerprint(plain)).isNotEqualTo(fingerprint(shifted));
    }

    @Test
    void aNumberCannotBleedIntoTheNextField() {
        JobRequest left = BASE.withMaxAttempts(1).withTimeoutSeconds(23);
        JobRequest right = BASE.withMaxAttempts(12).withTimeoutSeconds(3);

        assertThat(fingerprint(left)).isNotEqualTo(fingerprint(right));
    }

    @Test
    void spellingOutADefaultIsTheSameRequestAsOmittingIt() {
        // The fingerprint covers the request after validation: asking for queue "default" or priority 5 explicitly
        // asks for exactly the job an omitted field gives, so a retry that spells defaults out is not a conflict.
        JobRequest omitted = JobRequest.ofType("report");
        JobRequest spelledOut = omitted.withQueue("default")
                .withPayload(new Json("{}"))
                .withPriority(5)
                .withMaxAttempts(5)
                .withTimeoutSeconds(300);

        assertThat(fingerprint(spelledOut)).isEqualTo(fingerprint(omitted));
    }

    @Test
    void theSameRunAtWrittenInAnotherOffsetIsTheSameRequest() {
        Instant paris = OffsetDateTime.parse("2030-01-01T01:00:00+01:00").toInstant();

        assertThat(fingerprint(BASE.withRunAt(paris))).isEqualTo(fingerprint(BASE));
    }

    @Test
    void payloadKeyOrderAndSpacingCount() {
        // Json is opaque text to the domain (see Json's Javadoc): it never parses a payload, so it cannot know that
        // two texts are the same object. Canonicalising is the job of the edge that parses JSON (the HTTP adapter);
        // the domain compares exactly the text it was handed, and so treats reordered keys as a different request.
        JobRequest ab = BASE.withPayload(new Json("{\"a\":1,\"b\":2}"));
        JobRequest ba = BASE.withPayload(new Json("{\"b\":2,\"a\":1}"));
        JobRequest spaced = BASE.withPayload(new Json("{\"a\": 1, \"b\": 2}"));

        assertThat(fingerprint(ab)).isNotEqualTo(fingerprint(ba)).isNotEqualTo(fingerprint(spaced));
        assertThat(fingerprint(ab)).isEqualTo(fingerprint(BASE.withPayload(new Json("{\"a\":1,\"b\":2}"))));
    }

    @Test
    void nonAsciiTextIsDigestedByItsCharactersNotLost() {
        JobRequest cafe = BASE.withPayload(new Json("{\"name\":\"café\"}"));
        JobRequest cafe2 = BASE.withPayload(new Json("{\"name\":\"cafe\"}"));

        assertThat(fingerprint(cafe)).isNotEqualTo(fingerprint(cafe2));
    }
}
