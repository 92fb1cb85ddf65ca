package dev.jobprocessor.domain;

import java.util.regex.Pattern;

/**
 * The rule for the names clients give to groups of jobs (workflows, batches): printable text without control
 * characters, 1 to 200 characters, not all blank; names are shown in lists and logs, and are not unique.
 */
public final class DisplayName {

    public static final Pattern PATTERN = Pattern.compile("^\\P{Cc}{1,200}$");

    private DisplayName() {}

    /** What is wrong with {@code name}, or {@code null} when nothing is. */
    public static String problemOf(String name) {
        if (name == null) {
            return "is required";
        }
        if (!PATTERN.matcher(name).matches() || name.isBlank()) {
            return "must be 1 to 200 characters, not all blank, without control characters";
        }
        return null;
    }
}
