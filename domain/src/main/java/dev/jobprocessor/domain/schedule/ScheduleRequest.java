package dev.jobprocessor.domain.schedule;

import dev.jobprocessor.domain.DurationText;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.NewJob;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A schedule as a client, a schedules file or a library user wrote it: any field may be missing ({@code null}) and
 * none is checked yet. {@link #validate} applies the defaults of docs/SCHEDULES.md and reports every problem at once.
 */
public record ScheduleRequest(
        String name,
        String cron,
        String timezone,
        JobRequest job,
        String misfire,
        String overlap,
        String catchUpWindow,
        Boolean paused) {

    public static final Pattern NAME_PATTERN = Pattern.compile("^[a-z0-9][a-z0-9_.-]{0,99}$");
    public static final String DEFAULT_TIMEZONE = "UTC";
    public static final Duration DEFAULT_CATCH_UP_WINDOW = Duration.ofDays(1);

    /** The minimum interval of a seconds-field cadence is checked over this many of its next ticks. */
    public static final int TICKS_CHECKED = 1_000;

    /** A request with a name, a cron expression and a job type: everything else takes its default. */
    public static ScheduleRequest of(String name, String cron, JobRequest job) {
        return new ScheduleRequest(name, cron, null, job, null, null, null, null);
    }

    public ScheduleRequest withTimezone(String newTimezone) {
        return new ScheduleRequest(name, cron, newTimezone, job, misfire, overlap, catchUpWindow, paused);
    }

    public ScheduleRequest withMisfire(String newMisfire) {
        return new ScheduleRequest(name, cron, timezone, job, newMisfire, overlap, catchUpWindow, paused);
    }

    public ScheduleRequest withOverlap(String newOverlap) {
        return new ScheduleRequest(name, cron, timezone, job, misfire, newOverlap, catchUpWindow, paused);
    }

    public ScheduleRequest withCatchUpWindow(String newWindow) {
        return new ScheduleRequest(name, cron, timezone, job, misfire, overlap, newWindow, paused);
    }

    public ScheduleRequest withPaused(Boolean newPaused) {
        return new ScheduleRequest(name, cron, timezone, job, misfire, overlap, catchUpWindow, newPaused);
    }

    public ScheduleRequest withName(String newName) {
        return new ScheduleRequest(newName, cron, timezone, job, misfire, overlap, catchUpWindow, paused);
    }

    /** A checked request: its definition, its cadence, and whether it starts paused. */
    public record Valid(ScheduleDefinition definition, Cadence cadence, boolean paused) {}

    /**
     * The request checked, or a {@link JobValidationException} naming every bad field. {@code parse} reads a cron
     * expression (throwing {@link IllegalArgumentException} with a reason when it cannot); a cadence with a seconds
     * field must not fire twice within {@code minimumInterval}, judged from {@code now}.
     */
    public Valid validate(Function<String, Cadence> parse, Duration minimumInterval, Instant now) {
        List<FieldProblem> problems = new ArrayList<>();
        if (name == null) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (!NAME_PATTERN.matcher(name).matches()) {
            problems.add(new FieldProblem(
                    "name",
                    "must start with a lowercase letter or digit, use only a-z, 0-9, '_', '.', '-', and be at most 100"
                            + " characters (pattern " + NAME_PATTERN.pattern() + ")"));
        }
        ZoneId zone = zone(problems);
        Cadence cadence = cadence(parse, problems, zone, minimumInterval, now);
        NewJob template = template(problems);
        MisfirePolicy misfirePolicy =
                choice(problems, "misfire", misfire, MisfirePolicy.values(), MisfirePolicy.FIRE_ONCE);
        OverlapPolicy overlapPolicy = choice(problems, "overlap", overlap, OverlapPolicy.values(), OverlapPolicy.ALLOW);
        Duration window = catchUpWindow(problems);
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        return new Valid(
                new ScheduleDefinition(name, cron, zone, template, misfirePolicy, overlapPolicy, window),
                cadence,
                Boolean.TRUE.equals(paused));
    }

    private ZoneId zone(List<FieldProblem> problems) {
        String id = timezone != null ? timezone : DEFAULT_TIMEZONE;
        // Region names only (the IANA database): a fixed offset such as +02:00 has no daylight-saving rules and
        // would silently be wrong half of the year where the owner meant a place.
        if (!ZoneId.getAvailableZoneIds().contains(id)) {
            problems.add(new FieldProblem("timezone", "must be an IANA time zone such as Europe/Berlin or UTC"));
            return null;
        }
        return ZoneId.of(id);
    }

    private Cadence cadence(
            Function<String, Cadence> parse,
            List<FieldProblem> problems,
            ZoneId zone,
            Duration minimumInterval,
            Instant now) {
        if (cron == null) {
            problems.add(new FieldProblem("cron", "is required"));
            return null;
        }
        Cadence cadence;
        try {
            cadence = parse.apply(cron);
        } catch (IllegalArgumentException invalid) {
            problems.add(new FieldProblem("cron", invalid.getMessage()));
            return null;
        }
        ZoneId where = zone != null ? zone : ZoneId.of(DEFAULT_TIMEZONE);
        if (FireTimes.nextAfter(cadence, where, now).isEmpty()) {
            problems.add(new FieldProblem("cron", "never fires"));
            return null;
        }
        if (cadence.hasSeconds()) {
            Optional<Duration> fastest = FireTimes.shortestInterval(cadence, where, now, TICKS_CHECKED);
            if (fastest.isPresent() && fastest.get().compareTo(minimumInterval) < 0) {
                problems.add(new FieldProblem(
                        "cron",
                        "fires " + fastest.get().toSeconds() + " s apart at its fastest; the minimum is "
                                + minimumInterval.toSeconds() + " s (JOBS_SCHEDULE_MIN_INTERVAL_SECONDS)"));
            }
        }
        return cadence;
    }

    private NewJob template(List<FieldProblem> problems) {
        if (job == null) {
            problems.add(new FieldProblem("job", "is required"));
            return null;
        }
        if (job.runAt() != null) {
            problems.add(new FieldProblem("job.run_at", "is set by each tick: leave it out"));
        }
        if (job.idempotencyKey() != null) {
            problems.add(new FieldProblem("job.idempotency_key", "is set by each tick: leave it out"));
        }
        if (job.callbackUrl() != null) {
            problems.add(new FieldProblem("job.callback_url", "is not taken in a schedule's job yet"));
        }
        try {
            return job.validate();
        } catch (JobValidationException invalid) {
            invalid.problems().forEach(p -> problems.add(new FieldProblem("job." + p.field(), p.problem())));
            return null;
        }
    }

    private Duration catchUpWindow(List<FieldProblem> problems) {
        if (catchUpWindow == null) {
            return DEFAULT_CATCH_UP_WINDOW;
        }
        try {
            Duration window = DurationText.parse(catchUpWindow);
            if (window.isZero()) {
                problems.add(new FieldProblem("catch_up_window", "must be longer than 0 (use misfire: skip)"));
            }
            return window;
        } catch (IllegalArgumentException invalid) {
            problems.add(new FieldProblem("catch_up_window", invalid.getMessage()));
            return null;
        }
    }

    private static <E extends Enum<E>> E choice(
            List<FieldProblem> problems, String field, String value, E[] choices, E fallback) {
        if (value == null) {
            return fallback;
        }
        for (E choice : choices) {
            if (choice.name().toLowerCase(Locale.ROOT).equals(value)) {
                return choice;
            }
        }
        problems.add(new FieldProblem(
                field,
                "must be one of "
                        + Arrays.stream(choices)
                                .map(c -> c.name().toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining(", "))));
        return null;
    }
}
