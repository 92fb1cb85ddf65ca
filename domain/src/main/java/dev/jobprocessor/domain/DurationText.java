package dev.jobprocessor.domain;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: {@code 45s}, {@code 30m}, {@code 12h}, {@code 14d}, or {@code 0}. One whole
 * number and one unit, nothing else: {@code 1h30m}, {@code 1.5h} and ISO-8601 ({@code PT1H}) are refused, so a value
 * reads the same to everyone who sees it in an environment file or a request. Used by the retention settings
 * ({@code JOBS_RETENTION_*}) and by the bulk purge's {@code older_than} (docs/SPEC.md §7.2, §8).
 */
public final class DurationText {

    /** Far beyond any retention anyone means, and small enough that {@code now - max} is a valid instant. */
    public static final Duration MAX = Duration.ofDays(36_500);

    /** What a valid value looks like, for messages: the rule and examples, ready to follow "must be". */
    public static final String RULE = "0 or a whole number followed by s, m, h or d (45s, 30m, 12h, 14d)";

    private static final Pattern FORMAT = Pattern.compile("([0-9]{1,12})([smhd])");

    private DurationText() {}

    /**
     * The duration {@code text} names. {@code 0} (or {@code 0} in any unit) is {@link Duration#ZERO}. Throws
     * {@link IllegalArgumentException} with a message that states the rule and quotes the value.
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("must be " + RULE + ", got nothing");
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher matcher = FORMAT.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("must be " + RULE + ", got \"" + shorten(text) + "\"");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration unit = unit(matcher.group(2).charAt(0));
        if (amount > MAX.dividedBy(unit)) {
            throw new IllegalArgumentException("must be at most " + format(MAX) + ", got \"" + text + "\"");
        }
        return unit.multipliedBy(amount);
    }

    /**
     * The shortest text that {@link #parse} reads back as {@code duration}: the largest unit that divides it
     * ({@code 7d}, {@code 36h}, {@code 90s}), {@code 0} for zero. Sub-second parts are not expressible and refused.
     */
    public static String format(Duration duration) {
        if (duration.isNegative() || duration.getNano() != 0) {
            throw new IllegalArgumentException("only whole, non-negative seconds can be written, got " + duration);
        }
        long seconds = duration.getSeconds();
        if (seconds == 0) {
            return "0";
        }
        for (char unit : new char[] {'d', 'h', 'm'}) {
            long size = unit(unit).getSeconds();
            if (seconds % size == 0) {
                return (seconds / size) + String.valueOf(unit);
            }
        }
        return seconds + "s";
    }

    private static Duration unit(char unit) {
        return switch (unit) {
            case 's' -> Duration.ofSeconds(1);
            case 'm' -> Duration.ofMinutes(1);
            case 'h' -> Duration.ofHours(1);
            case 'd' -> Duration.ofDays(1);
            default -> throw new IllegalArgumentException("unknown unit " + unit);
        };
    }

    /** A value quoted in a message is cut at 40 characters: a message must stay one readable line. */
    private static String shorten(String text) {
        String line = text.replaceAll("\\p{Cntrl}", "?");
        return line.length() <= 40 ? line : line.substring(0, 39) + "…";
    }
}
