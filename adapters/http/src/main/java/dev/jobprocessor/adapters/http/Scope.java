package dev.jobprocessor.adapters.http;

import java.util.Locale;
import java.util.Optional;

/** What a bearer token may do (docs/SPEC.md §11). {@link #ADMIN} may do everything. */
public enum Scope {
    /** Read jobs, statistics and metrics. */
    READ,
    /** Create jobs, one or a batch. */
    SUBMIT,
    /** The worker protocol: leases, heartbeats, completions and failures. */
    WORK,
    /** Everything, including cancel, retry and purging finished jobs. */
    ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> fromWireName(String name) {
        for (Scope scope : values()) {
            if (scope.wireName().equals(name)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }
}
