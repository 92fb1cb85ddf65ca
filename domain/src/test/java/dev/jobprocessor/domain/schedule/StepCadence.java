package dev.jobprocessor.domain.schedule;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Optional;

/** A cadence for the domain's tests, without a cron library: every {@code step} of the wall clock from midnight. */
record StepCadence(Duration step) implements Cadence {

    static StepCadence every(Duration step) {
        return new StepCadence(step);
    }

    static Cadence dailyAt(LocalTime time) {
        return new Cadence() {
            @Override
            public String expression() {
                return "daily at " + time;
            }

            @Override
            public boolean hasSeconds() {
                return false;
            }

            @Override
            public Optional<LocalDateTime> nextAfter(LocalDateTime after) {
                LocalDateTime today = after.toLocalDate().atTime(time);
                return Optional.of(today.isAfter(after) ? today : today.plusDays(1));
            }
        };
    }

    @Override
    public String expression() {
        return "every " + step;
    }

    @Override
    public boolean hasSeconds() {
        return step.toSecondsPart() != 0;
    }

    @Override
    public Optional<LocalDateTime> nextAfter(LocalDateTime after) {
        LocalDateTime midnight = after.toLocalDate().atStartOfDay();
        long steps = Duration.between(midnight, after).toNanos() / step.toNanos() + 1;
        return Optional.of(midnight.plus(step.multipliedBy(steps)));
    }
}
