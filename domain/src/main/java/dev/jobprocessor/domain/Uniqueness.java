package dev.jobprocessor.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a job is unique, checked (docs/UNIQUE_JOBS.md): the fields that make two jobs the same, an optional period
 * (uniqueness per time bucket), and the states in which a job keeps its duplicates out.
 */
public record Uniqueness(Set<UniqueField> by, Duration period, Set<JobState> states) {

    public Uniqueness {
        by = Set.copyOf(by);
        states = Set.copyOf(states);
        if (!by.contains(UniqueField.TYPE)) {
            throw new IllegalArgumentException("the type always makes two jobs the same");
        }
        if (!states.contains(JobState.PENDING)) {
            throw new IllegalArgumentException("a unique job holds its key from its submit on: states need pending");
        }
        if (period != null && (period.isNegative() || period.isZero())) {
            throw new IllegalArgumentException("a period must be positive, got " + period);
        }
    }

    /**
     * The key two jobs share exactly when they are the same: a digest of the chosen fields (named, so a queue and a
     * concurrency key with equal text differ) and of the period's bucket at {@code now}.
     */
    public String keyOf(String type, String queue, Json payload, String concurrencyKey, Instant now) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
        part(digest, "type", type);
        if (by.contains(UniqueField.QUEUE)) {
            part(digest, "queue", queue);
        }
        if (by.contains(UniqueField.PAYLOAD)) {
            part(digest, "payload", payload.text());
        }
        if (by.contains(UniqueField.CONCURRENCY_KEY)) {
            part(digest, "concurrency_key", concurrencyKey == null ? "" : concurrencyKey);
        }
        if (period != null) {
            part(digest, "bucket", Long.toString(Math.floorDiv(now.getEpochSecond(), period.getSeconds())));
        }
        return "u1:" + HexFormat.of().formatHex(digest.digest());
    }

    /** What the idempotency fingerprint takes of it: two requests that differ here are different requests. */
    String fingerprintPart() {
        return by.stream().map(UniqueField::wireName).sorted().collect(Collectors.joining(","))
                + "/" + (period == null ? "" : Long.toString(period.getSeconds()))
                + "/" + states.stream().map(JobState::wireName).sorted().collect(Collectors.joining(","));
    }

    private static void part(MessageDigest digest, String name, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update((name + "=" + bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        digest.update(bytes);
    }

    /** For tests and defaults: unique by every field while pending or running. */
    public static Uniqueness identical() {
        return new Uniqueness(EnumSet.allOf(UniqueField.class), null, EnumSet.of(JobState.PENDING, JobState.RUNNING));
    }
}
