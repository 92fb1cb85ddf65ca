package dev.jobprocessor.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A validated request to create a job, with defaults applied. {@code runAt} stays {@code null} when the client did
 * not ask for a time, so that two identical requests sent a second apart are still recognised as the same request.
 * {@code dependsOn} names the jobs this one waits for as the client did (job ids, or {@code ref}s of jobs in the same
 * batch), empty when it waits for none; the submit use case resolves refs to ids (docs/WORKFLOWS.md).
 */
public record NewJob(
        String type,
        String queue,
        Json payload,
        int priority,
        Instant runAt,
        int maxAttempts,
        int timeoutSeconds,
        String idempotencyKey,
        String concurrencyKey,
        Uniqueness unique,
        String ref,
        List<String> dependsOn,
        DependencyPolicy onDependencyFailure,
        CallbackUrl callbackUrl) {

    /** A job outside any graph of jobs. */
    public NewJob(
            String type,
            String queue,
            Json payload,
            int priority,
            Instant runAt,
            int maxAttempts,
            int timeoutSeconds,
            String idempotencyKey,
            String concurrencyKey,
            Uniqueness unique) {
        this(
                type,
                queue,
                payload,
                priority,
                runAt,
                maxAttempts,
                timeoutSeconds,
                idempotencyKey,
                concurrencyKey,
                unique,
                null,
                List.of(),
                DependencyPolicy.CANCEL,
                null);
    }

    /** A job that is not unique. */
    public NewJob(
            String type,
            String queue,
            Json payload,
            int priority,
            Instant runAt,
            int maxAttempts,
            int timeoutSeconds,
            String idempotencyKey,
            String concurrencyKey) {
        this(type, queue, payload, priority, runAt, maxAttempts, timeoutSeconds, idempotencyKey, concurrencyKey, null);
    }

    /** A job without a concurrency key. */
    public NewJob(
            String type,
            String queue,
            Json payload,
            int priority,
            Instant runAt,
            int maxAttempts,
            int timeoutSeconds,
            String idempotencyKey) {
        this(type, queue, payload, priority, runAt, maxAttempts, timeoutSeconds, idempotencyKey, null);
    }

    /** This request with {@code url} as its callback URL: a queue's default for a job that names none. */
    public NewJob withCallbackUrl(CallbackUrl url) {
        return new NewJob(
                type,
                queue,
                payload,
                priority,
                runAt,
                maxAttempts,
                timeoutSeconds,
                idempotencyKey,
                concurrencyKey,
                unique,
                ref,
                dependsOn,
                onDependencyFailure,
                url);
    }

    public NewJob {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(payload, "payload");
        dependsOn = List.copyOf(dependsOn);
        Objects.requireNonNull(onDependencyFailure, "onDependencyFailure");
    }

    /**
     * A digest of everything the client asked for. Two submissions with the same idempotency key are the same request
     * exactly when their fingerprints are equal; comparing a digest taken at submit time avoids comparing JSON that
     * a store may have re-serialised.
     */
    public String fingerprint() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
        for (String part : new String[] {
            type,
            queue,
            payload.text(),
            Integer.toString(priority),
            runAt == null ? "" : runAt.toString(),
            Integer.toString(maxAttempts),
            Integer.toString(timeoutSeconds),
            idempotencyKey == null ? "" : idempotencyKey
        }) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            // Length-prefix each part so that ("ab", "c") and ("a", "bc") differ.
            digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(bytes);
        }
        if (concurrencyKey != null) {
            // Only when set: a job without one keeps the fingerprint it had before keys existed, so a retried
            // submission from before an upgrade still matches its stored job.
            byte[] key = concurrencyKey.getBytes(StandardCharsets.UTF_8);
            digest.update(("key" + key.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(key);
        }
        if (unique != null) {
            // Only when set, for the same reason: two requests that differ in how they are unique are different.
            byte[] part = unique.fingerprintPart().getBytes(StandardCharsets.UTF_8);
            digest.update(("unique" + part.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(part);
        }
        if (!dependsOn.isEmpty()) {
            // Only when set, as above. The parents as the client named them (ids, or refs of its batch, which stay the
            // same when the batch is sent again while the ids they stand for are new) and the policy.
            byte[] part = (String.join(",", dependsOn) + ";" + onDependencyFailure.wireName())
                    .getBytes(StandardCharsets.UTF_8);
            digest.update(("after" + part.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(part);
        }
        if (callbackUrl != null) {
            // Only when set, as above.
            byte[] part = callbackUrl.text().getBytes(StandardCharsets.UTF_8);
            digest.update(("callback" + part.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(part);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
