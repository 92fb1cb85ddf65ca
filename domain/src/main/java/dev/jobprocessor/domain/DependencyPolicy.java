package dev.jobprocessor.domain;

import java.util.Locale;

/**
 * What a waiting job does when one of the jobs it depends on ends without completing (failed, dead or cancelled); see
 * docs/WORKFLOWS.md. A parent that completes always counts as met.
 */
public enum DependencyPolicy {
    /** The default: the waiting job is cancelled, and so, in turn, is everything waiting on it. */
    CANCEL,
    /** The parent's end counts as met: the job runs once its other parents are met too. */
    RUN,
    /** The job keeps waiting, until an operator retries the parent and it completes. */
    WAIT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name such as {@code "cancel"}. */
    public static DependencyPolicy fromWireName(String name) {
        for (DependencyPolicy policy : values()) {
            if (policy.wireName().equals(name)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown dependency policy: " + name);
    }
}
