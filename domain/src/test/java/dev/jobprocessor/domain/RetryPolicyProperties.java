package dev.jobprocessor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * docs/SPEC.md §4's retry policy: {@code min(cap, base · 2^(attempt-1))} with jitter, a pure function of its random
 * source.
 */
class RetryPolicyProperties {

    @Provide
    Arbitrary<RetryPolicy> policies() {
        return Combinators.combine(
                        Arbitraries.longs().between(1, 60_000),
                        Arbitraries.longs().between(0, 10L * 24 * 3600 * 1000))
                .as((baseMillis, extraMillis) ->
                        new RetryPolicy(Duration.ofMillis(baseMillis), Duration.ofMillis(baseMillis + extraMillis)));
    }

    /** The spec's formula in exact arithmetic, so no shift or overflow guard of the implementation is trusted. */
    private static Duration specCeiling(RetryPolicy policy, int attempt) {
        BigInteger uncapped = BigInteger.valueOf(policy.base().toMillis()).shiftLeft(attempt - 1);
        BigInteger cap = BigInteger.valueOf(policy.cap().toMillis());
        return Duration.ofMillis(uncapped.min(cap).longValueExact());
    }

    @Property(tries = 300)
    void theCeilingIsTheSpecFormula(
            @ForAll("policies") RetryPolicy policy, @ForAll @IntRange(min = 1, max = 200) int attempt) {
        assertThat(policy.ceiling(attempt)).isEqualTo(specCeiling(policy, attempt));
    }

    @Property(tries = 300)
    void everyDelayLiesBetweenZeroAndTheCeilingAndSoNeverPastTheCap(
            @ForAll("policies") RetryPolicy policy,
            @ForAll @IntRange(min = 1, max = 200) int attempt,
            @ForAll long seed) {
        Duration delay = policy.delay(attempt, new SplittableRandom(seed));

        assertThat(delay).isBetween(Duration.ZERO, specCeiling(policy, attempt));
        assertThat(delay).isLessThanOrEqualTo(policy.cap());
    }

    /**
     * The jitter is "equal jitter" (docs/STATE_MODEL.md): at least half the ceiling is always waited, which is what
     * keeps a failing job from hammering its dependency right after an unlucky draw.
     */
    @Property(tries = 300)
    void atLeastHalfTheCeilingIsAlwaysWaited(
            @ForAll("policies") RetryPolicy policy,
            @ForAll @IntRange(min = 1, max = 200) int attempt,
            @ForAll long seed) {
        Duration delay = policy.delay(attempt, new SplittableRandom(seed));

        assertThat(delay.multipliedBy(2)).isGreaterThanOrEqualTo(specCeiling(policy, attempt));
    }

    @Property(tries = 300)
    void theCeilingDoublesUntilItReachesTheCapAndThenStays(
            @ForAll("policies") RetryPolicy policy, @ForAll @IntRange(min = 1, max = 199) int attempt) {
        Duration now = policy.ceiling(attempt);
        Duration next = policy.ceiling(attempt + 1);

        if (now.compareTo(policy.cap()) < 0) {
            assertThat(next).isGreaterThan(now);
            assertThat(next)
                    .isEqualTo(now.multipliedBy(2).compareTo(policy.cap()) < 0 ? now.multipliedBy(2) : policy.cap());
        } else {
            assertThat(next).isEqualTo(policy.cap());
        }
    }

    /** Delays never shrink: true for any two draws as long as the ceiling still doubles. */
    @Property(tries = 300)
    void whileTheCeilingDoublesNoDelayIsShorterThanAnyDelayBeforeIt(
            @ForAll("policies") RetryPolicy policy,
            @ForAll @IntRange(min = 1, max = 40) int attempt,
            @ForAll long seedBefore,
            @ForAll long seedAfter) {
        boolean stillDoubling =
                policy.ceiling(attempt + 1).equals(policy.ceiling(attempt).multipliedBy(2));

        Duration before = policy.delay(attempt, new SplittableRandom(seedBefore));
        Duration after = policy.delay(attempt + 1, new SplittableRandom(seedAfter));

        if (stillDoubling) {
            assertThat(after).isGreaterThanOrEqualTo(before);
        }
    }

    @Property(tries = 100)
    void theSameSeedGivesTheSameDelays(@ForAll("policies") RetryPolicy policy, @ForAll long seed) {
        assertThat(delays(policy.backoff(new SplittableRandom(seed))))
                .isEqualTo(delays(policy.backoff(new SplittableRandom(seed))));
        assertThat(delays(policy, new SplittableRandom(seed))).isEqualTo(delays(policy, new SplittableRandom(seed)));
    }

    @Property(tries = 100)
    void theBackoffDrawsFromTheSameSourceAsDelay(@ForAll("policies") RetryPolicy policy, @ForAll long seed) {
        assertThat(delays(policy.backoff(new SplittableRandom(seed))))
                .isEqualTo(delays(policy, new SplittableRandom(seed)));
    }

    @Property(tries = 100)
    void theJitterComesFromTheInjectedSource(
            @ForAll("policies") RetryPolicy policy, @ForAll @IntRange(min = 1, max = 30) int attempt) {
        Duration ceiling = specCeiling(policy, attempt);
        CountingRandom counting = new CountingRandom(new SplittableRandom(42));

        Duration low = policy.delay(attempt, Extreme.LOWEST);
        Duration high = policy.delay(attempt, Extreme.HIGHEST);
        policy.delay(attempt, counting);

        assertThat(counting.draws).as("draws from the given source").isPositive();
        assertThat(low).isBetween(Duration.ZERO, ceiling);
        assertThat(high).isBetween(Duration.ZERO, ceiling);
        if (ceiling.toMillis() >= 2) {
            // With room to jitter, the two extreme sources must lead to different delays.
            assertThat(low).isNotEqualTo(high);
        }
    }

    @Property(tries = 50)
    void differentSeedsSpreadJobsThatFailedTogether(
            @ForAll("policies") RetryPolicy policy, @ForAll @IntRange(min = 1, max = 30) int attempt) {
        Set<Duration> seen = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            seen.add(policy.delay(attempt, new SplittableRandom(seed)));
        }
        if (policy.ceiling(attempt).toMillis() >= 100) {
            assertThat(seen).hasSizeGreaterThan(1);
        }
    }

    @Example
    void theDefaultsAreOneSecondBaseAndOneHourCap() {
        assertThat(RetryPolicy.DEFAULT.base()).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryPolicy.DEFAULT.cap()).isEqualTo(Duration.ofHours(1));
        assertThat(RetryPolicy.DEFAULT.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryPolicy.DEFAULT.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RetryPolicy.DEFAULT.ceiling(100)).isEqualTo(Duration.ofHours(1));
        assertThat(RetryPolicy.DEFAULT.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
    }

    @Example
    void attemptNumbersStartAtOne() {
        assertThatThrownBy(() -> RetryPolicy.DEFAULT.ceiling(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.DEFAULT.delay(-1, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Example
    void aPolicyNeedsAPositiveBaseAndACapNotBelowIt() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1)).ceiling(10))
                .isEqualTo(Duration.ofSeconds(1));
    }

    private static List<Duration> delays(Backoff backoff) {
        List<Duration> delays = new ArrayList<>();
        for (int attempt = 1; attempt <= 20; attempt++) {
            delays.add(backoff.delayAfter(attempt));
        }
        return delays;
    }

    private static List<Duration> delays(RetryPolicy policy, RandomGenerator random) {
        List<Duration> delays = new ArrayList<>();
        for (int attempt = 1; attempt <= 20; attempt++) {
            delays.add(policy.delay(attempt, random));
        }
        return delays;
    }

    /** A source stuck at one end of every range, to show the delay follows the source and stays in bounds. */
    private enum Extreme implements RandomGenerator {
        LOWEST,
        HIGHEST;

        @Override
        public long nextLong() {
            return this == LOWEST ? Long.MIN_VALUE : Long.MAX_VALUE;
        }

        @Override
        public long nextLong(long bound) {
            return this == LOWEST ? 0 : bound - 1;
        }

        @Override
        public long nextLong(long origin, long bound) {
            return this == LOWEST ? origin : bound - 1;
        }

        @Override
        public int nextInt(int bound) {
            return this == LOWEST ? 0 : bound - 1;
        }

        @Override
        public int nextInt(int origin, int bound) {
            return this == LOWEST ? origin : bound - 1;
        }

        @Override
        public double nextDouble() {
            return this == LOWEST ? 0.0 : Math.nextDown(1.0);
        }
    }

    /** Counts the draws the policy takes, to prove it uses the source it is given rather than one of its own. */
    private static final class CountingRandom implements RandomGenerator {
        private final RandomGenerator delegate;
        private int draws;

        CountingRandom(RandomGenerator delegate) {
            this.delegate = delegate;
        }

        @Override
        public long nextLong() {
            draws++;
            return delegate.nextLong();
        }

        @Override
        public long nextLong(long bound) {
            draws++;
            return delegate.nextLong(bound);
        }

        @Override
        public long nextLong(long origin, long bound) {
            draws++;
            return delegate.nextLong(origin, bound);
        }

        @Override
        public int nextInt(int bound) {
            draws++;
            return delegate.nextInt(bound);
        }

        @Override
        public double nextDouble() {
            draws++;
            return delegate.nextDouble();
        }
    }
}
