package dev.jobprocessor.domain;

import java.util.regex.Pattern;

/** The bounds, patterns and defaults of docs/SPEC.md §3, in one place for validation, invariants and documentation. */
public final class JobLimits {

    public static final Pattern TYPE_PATTERN = Pattern.compile("^[a-z][a-z0-9_.-]{0,99}$");
    public static final Pattern QUEUE_PATTERN = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,63}$");

    public static final String DEFAULT_QUEUE = "default";
    public static final int MIN_PRIORITY = 1;
    public static final int MAX_PRIORITY = 10;
    public static final int DEFAULT_PRIORITY = 5;
    public static final int MIN_MAX_ATTEMPTS = 1;
    public static final int MAX_MAX_ATTEMPTS = 100;
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final int MIN_TIMEOUT_SECONDS = 1;
    public static final int MAX_TIMEOUT_SECONDS = 86_400;
    public static final int DEFAULT_TIMEOUT_SECONDS = 300;
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    /**
     * A concurrency key (docs/QUEUE_CONTROL.md, "Fair shares per key"): a tenant or account id. Printable ASCII
     * without spaces, so keys sort the same in Java and in the database's "C" collation, and claims rotate across
     * them in one order whichever store holds them.
     */
    public static final int MAX_CONCURRENCY_KEY_LENGTH = 128;

    public static final Pattern CONCURRENCY_KEY_PATTERN = Pattern.compile("^[\\x21-\\x7E]{1,128}$");
    /** A snooze puts a job off for 1 second to 1 day (docs/QUEUE_CONTROL.md). */
    public static final int MIN_SNOOZE_SECONDS = 1;

    public static final int MAX_SNOOZE_SECONDS = 86_400;
    /** Snoozes per retry cycle; one more is refused, so a job cannot put itself off for ever. */
    public static final int MAX_SNOOZES = 100;

    /** The jobs one job may depend on (docs/WORKFLOWS.md): enough for a fan-in over a full batch. */
    public static final int MAX_DEPENDENCIES = 1_000;

    /**
     * A client's name for a job inside one batch, so that another job of the batch can depend on it before either has
     * an id. It may not look like a job id (a UUID), so a name in {@code depends_on} is never ambiguous.
     */
    public static final Pattern REF_PATTERN = Pattern.compile("^[A-Za-z0-9_.:-]{1,64}$");

    private JobLimits() {}
}
