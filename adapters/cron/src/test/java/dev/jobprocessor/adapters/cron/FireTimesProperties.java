package dev.jobprocessor.adapters.cron;

import static org.assertj.core.api.Assertions.assertThat;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.jobprocessor.domain.schedule.Cadence;
import dev.jobprocessor.domain.schedule.FireTimes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fire times against the cron library, across zones with and without daylight saving (including half-hour shifts and
 * southern-hemisphere rules) and the transitions of 2020–2031.
 */
class FireTimesProperties {

    private static final List<String> EXPRESSIONS = List.of(
            "*/15 * * * *",
            "30 2 * * *",
            "0 * * * *",
            "5 1-3 * * *",
            "0 0 * * 0",
            "0 12 1 * *",
            "45 23 * * 1-5",
            "*/20 * * * * *",
            "0 30 2 * * *",
            "@daily");

    private static final List<String> ZONES = List.of(
            "UTC",
            "Europe/Berlin",
            "America/New_York",
            "Australia/Sydney",
            "Australia/Lord_Howe",
            "America/Sao_Paulo",
            "Asia/Kolkata",
            "Pacific/Chatham");

    private final CronUtilsParser parser = new CronUtilsParser();

    @Provide
    Arbitrary<String> expressions() {
        return Arbitraries.of(EXPRESSIONS);
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZONES).map(ZoneId::of);
    }

    @Provide
    Arbitrary<Instant> instants() {
        long from = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2031-01-01T00:00:00Z").getEpochSecond();
        return Arbitraries.longs().between(from, to).map(Instant::ofEpochSecond);
    }

    /** Instants within a day of a daylight-saving transition, where the rules matter. */
    @Provide
    Arbitrary<Instant> nearTransitions() {
        return Arbitraries.of(ZONES).map(ZoneId::of).flatMap(zone -> {
            List<ZoneOffsetTransition> transitions = zone.getRules().getTransitions().stream()
                    .filter(t -> t.getInstant().isAfter(Instant.parse("2020-01-01T00:00:00Z")))
                    .filter(t -> t.getInstant().isBefore(Instant.parse("2031-01-01T00:00:00Z")))
                    .toList();
            if (transitions.isEmpty()) {
                return Arbitraries.just(Instant.parse("2026-03-29T00:00:00Z"));
            }
            return Arbitraries.of(transitions)
                    .flatMap(t -> Arbitraries.longs()
                            .between(-86_400, 86_400)
                            .map(offset -> t.getInstant().plusSeconds(offset)));
        });
    }

    @Property(tries = 2_000)
    void awayFromTransitionsTheNextFireIsTheLibrarysNextExecution(
            @ForAll("expressions") String expression, @ForAll("zones") ZoneId zone, @ForAll("instants") Instant after) {
        Instant next =
                FireTimes.nextAfter(parser.parse(expression), zone, after).orElseThrow();
        if (transitionBetween(zone, after.minus(Duration.ofDays(1)), next.plus(Duration.ofDays(1)))) {
            return; // the next property covers these
        }

        Instant library = executionTime(expression)
                .nextExecution(after.atZone(zone))
                .orElseThrow()
                .toInstant();
        assertThat(next).isEqualTo(library);
    }

    @Property(tries = 3_000)
    void nearTransitionsEveryFireIsAMatchingLocalTimeOrTheEndOfAGapAndNoneRepeats(
            @ForAll("expressions") String expression,
            @ForAll("zones") ZoneId zone,
            @ForAll("nearTransitions") Instant after) {
        Cadence cadence = parser.parse(expression);
        ExecutionTime library = executionTime(expression);
        List<Instant> fires = FireTimes.next(cadence, zone, after, 6);
        Set<LocalDateTime> localTimes = new HashSet<>();

        Instant previous = after;
        for (Instant fire : fires) {
            assertThat(fire).isAfter(previous);
            LocalDateTime local = LocalDateTime.ofInstant(fire, zone);
            boolean matches = library.isMatch(local.atZone(ZoneOffset.UTC));
            ZoneOffsetTransition transition = zone.getRules().previousTransition(fire.plusNanos(1));
            boolean gapEnd = transition != null
                    && transition.isGap()
                    && transition.getInstant().equals(fire)
                    && gapHasATick(cadence, transition);
            assertThat(matches || gapEnd)
                    .as("%s in %s fired at %s (local %s)", expression, zone, fire, local)
                    .isTrue();
            assertThat(localTimes.add(local))
                    .as("%s in %s fired twice for the local time %s", expression, zone, local)
                    .isTrue();
            previous = fire;
        }
    }

    @Property(tries = 1_000)
    void noMatchingLocalTimeIsLeftOut(
            @ForAll("expressions") String expression,
            @ForAll("zones") ZoneId zone,
            @ForAll("nearTransitions") Instant after) {
        Cadence cadence = parser.parse(expression);
        Instant next = FireTimes.nextAfter(cadence, zone, after).orElseThrow();
        // Every local time the cron matches between the two instants lies in a gap or in the repeated hour's second
        // pass; otherwise it would have been the next fire.
        LocalDateTime local = LocalDateTime.ofInstant(after, zone);
        LocalDateTime until = LocalDateTime.ofInstant(next, zone);
        for (int i = 0; i < 10_000; i++) {
            LocalDateTime tick = cadence.nextAfter(local).orElseThrow();
            if (!tick.isBefore(until)) {
                break;
            }
            List<ZoneOffset> offsets = zone.getRules().getValidOffsets(tick);
            boolean skippedForAReason = offsets.isEmpty()
                    || offsets.size() == 2
                    || !tick.atOffset(offsets.getFirst()).toInstant().isAfter(after);
            assertThat(skippedForAReason)
                    .as("%s in %s: local %s between %s and %s did not fire", expression, zone, tick, after, next)
                    .isTrue();
            local = tick;
        }
    }

    private static boolean gapHasATick(Cadence cadence, ZoneOffsetTransition gap) {
        LocalDateTime start = gap.getDateTimeBefore();
        return cadence.nextAfter(start.minusSeconds(1))
                .filter(tick -> tick.isBefore(gap.getDateTimeAfter()))
                .isPresent();
    }

    private static boolean transitionBetween(ZoneId zone, Instant from, Instant to) {
        ZoneOffsetTransition next = zone.getRules().nextTransition(from);
        return next != null && next.getInstant().isBefore(to);
    }

    private static ExecutionTime executionTime(String expression) {
        String text = CronUtilsParser.MACROS.getOrDefault(expression, expression);
        CronType type = text.split("\\s+").length == 6 ? CronType.SPRING : CronType.UNIX;
        return ExecutionTime.forCron(new CronParser(CronDefinitionBuilder.instanceDefinitionFor(type)).parse(text));
    }
}
