package dev.jobprocessor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/SPEC.md §3: ids are UUIDs assigned by the service and time-ordered, here version 7 of RFC 9562. */
class JobIdTest {

    private static final Instant T = Instant.parse("2030-01-01T00:00:00.123Z");

    @Test
    void isAVersion7UuidWithTheRfcVariant() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1_000; i++) {
            UUID uuid = JobId.newId(T.plusMillis(i), random).value();

            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).as("RFC 9562 variant 10xx").isEqualTo(2);
        }
    }

    @Test
    void carriesItsCreationTimeInTheFirst48BitsAsUnixMilliseconds() {
        UUID uuid = JobId.newId(T, new SplittableRandom(2)).value();

        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(T.toEpochMilli());
        assertThat(uuid.toString())
                .startsWith(
                        String.format(Locale.ROOT, "%08x-%04x", T.toEpochMilli() >>> 16, T.toEpochMilli() & 0xFFFF));
    }

    @Test
    void idsCreatedLaterSortLaterByValueAndByText() {
        List<JobId> inCreationOrder = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            inCreationOrder.add(JobId.newId(T.plusMillis(7L * i), random));
        }
        List<JobId> shuffled = new ArrayList<>(inCreationOrder);
        Collections.shuffle(shuffled, new java.util.Random(3));

        Collections.sort(shuffled);
        assertThat(shuffled).isEqualTo(inCreationOrder);
        // PostgreSQL's uuid order is the order of the canonical text; keyset pagination relies on them agreeing.
        assertThat(inCreationOrder).extracting(JobId::toString).isSorted();
    }

    @Test
    void idsFromTheSameMillisecondAreStillDistinct() {
        Set<JobId> ids = new HashSet<>();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 10_000; i++) {
            ids.add(JobId.newId(T, random));
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void ordersLikePostgresqlUnsignedBytesNotLikeJavaSignedLongs() {
        // java.util.UUID#compareTo compares signed longs, which would put 8000… before 7fff…; PostgreSQL does not.
        JobId low = JobId.parse("7fffffff-ffff-7fff-bfff-ffffffffffff");
        JobId high = JobId.parse("80000000-0000-7000-8000-000000000000");
        JobId lowTail = JobId.parse("01900000-0000-7000-8000-000000000000");
        JobId highTail = JobId.parse("01900000-0000-7000-bfff-ffffffffffff");

        assertThat(low).isLessThan(high);
        assertThat(high).isGreaterThan(low);
        assertThat(lowTail).isLessThan(highTail);
        assertThat(low.compareTo(JobId.parse(low.toString()))).isZero();
    }

    @Test
    void formatsAsTheCanonicalLowercaseTextAndParsesBack() {
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 200; i++) {
            JobId id = JobId.newId(T.plusSeconds(i), random);
            String text = id.toString();

            assertThat(text).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(JobId.parse(text)).isEqualTo(id);
        }
    }

    @Test
    void parsesUppercaseToTheSameId() {
        JobId id = JobId.newId(T, new SplittableRandom(5));

        assertThat(JobId.parse(id.toString().toUpperCase(Locale.ROOT))).isEqualTo(id);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "not-a-job-id",
                "0190f5a0-0000-7000-8000-00000000000",
                "0190f5a0-0000-7000-8000-0000000000000",
                "0190f5a000007000800000000000000000000",
                "0190f5a0000070008000000000000000",
                "{0190f5a0-0000-7000-8000-000000000000}",
                "zzzzzzzz-zzzz-7zzz-8zzz-zzzzzzzzzzzz",
                "0190f5a0-0000-7000-8000-00000000000g",
                "1-1-1-1-1",
                "0190f5a0_0000_7000_8000_000000000000",
                " 0190f5a0-0000-7000-8000-00000000000",
                "0190f5a0-0000-7000-8000-000000000000\n"
            })
    void refusesAnythingButAUuid(String text) {
        assertThatThrownBy(() -> JobId.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cannotBeEmpty() {
        assertThatThrownBy(() -> new JobId(null)).isInstanceOf(NullPointerException.class);
    }
}
