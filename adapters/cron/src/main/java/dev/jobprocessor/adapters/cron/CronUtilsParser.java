package dev.jobprocessor.adapters.cron;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.jobprocessor.application.port.CadenceParser;
import dev.jobprocessor.domain.schedule.Cadence;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Cron expressions as cron-utils reads them. Five fields are Unix cron (minute, hour, day of month, month, day of
 * week); six put a seconds field first, as Spring does. A macro stands for its five-field expression.
 *
 * <p>The library computes ticks in UTC, where the wall clock never jumps: that makes its result a pure sequence of
 * local date-times, and {@code FireTimes} applies the zone's rules to it.
 */
public final class CronUtilsParser implements CadenceParser {

    /** The macros, as the five-field expressions they stand for (as in Vixie cron); {@code @reboot} has no cadence. */
    static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private final CronParser fiveFields = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private final CronParser sixFields = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));

    @Override
    public Cadence parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("must be a cron expression, got nothing");
        }
        String text = expression.strip();
        if (text.startsWith("@")) {
            String macro = MACROS.get(text.toLowerCase(Locale.ROOT));
            if (macro == null) {
                throw new IllegalArgumentException("must be a cron expression or one of @yearly, @annually, @monthly,"
                        + " @weekly, @daily, @midnight, @hourly; got \"" + shorten(text) + "\"");
            }
            return cadence(expression, fiveFields, macro, false);
        }
        int fields = text.split("\\s+").length;
        return switch (fields) {
            case 5 -> cadence(expression, fiveFields, text, false);
            case 6 -> cadence(expression, sixFields, text, true);
            default ->
                throw new IllegalArgumentException("must have 5 fields (minute hour day-of-month month day-of-week)"
                        + " or 6 (seconds first), got " + fields + " in \"" + shorten(text) + "\"");
        };
    }

    private static Cadence cadence(String expression, CronParser parser, String text, boolean seconds) {
        Cron cron;
        try {
            cron = parser.parse(text).validate();
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException(
                    "is not a valid cron expression (\"" + shorten(text) + "\"): " + invalid.getMessage());
        }
        return new LibraryCadence(expression, seconds, ExecutionTime.forCron(cron));
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    /** A parsed expression: the library's next match, on a wall clock that never jumps. */
    private record LibraryCadence(String expression, boolean hasSeconds, ExecutionTime executionTime)
            implements Cadence {

        @Override
        public Optional<LocalDateTime> nextAfter(LocalDateTime after) {
            // Whole seconds: the library's arithmetic works on them, and no tick lies between two.
            ZonedDateTime from = after.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC);
            return executionTime.nextExecution(from).map(ZonedDateTime::toLocalDateTime);
        }
    }
}
