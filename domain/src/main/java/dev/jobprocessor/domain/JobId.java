package dev.jobprocessor.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/** A job's identity: a version 7 UUID, so ids sort by creation time and index inserts stay append-only. */
public record JobId(UUID value) implements Comparable<JobId> {

    private static final Pattern CANONICAL =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    public JobId {
        Objects.requireNonNull(value, "value");
    }

    /** A new version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. */
    public static JobId newId(Instant now, RandomGenerator random) {
        long millis = now.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
        long mostSignificant = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long leastSignificant = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new JobId(new UUID(mostSignificant, leastSignificant));
    }

    /**
     * Parses the canonical textual form (8-4-4-4-12 hexadecimal digits); throws {@link IllegalArgumentException} for
     * anything else. Stricter than {@link UUID#fromString}, which also takes signs and short groups, so that exactly
     * one text names each job.
     */
    public static JobId parse(String text) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            throw new IllegalArgumentException("not a job id: " + text);
        }
        return new JobId(UUID.fromString(text));
    }

    /** Orders like PostgreSQL's {@code uuid} type: unsigned, byte by byte, which for version 7 ids is creation order. */
    @Override
    public int compareTo(JobId other) {
        int high = Long.compareUnsigned(value.getMostSignificantBits(), other.value.getMostSignificantBits());
        return high != 0
                ? high
                : Long.compareUnsigned(value.getLeastSignificantBits(), other.value.getLeastSignificantBits());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
