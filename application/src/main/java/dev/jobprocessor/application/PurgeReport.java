package dev.jobprocessor.application;

import dev.jobprocessor.domain.JobState;
import java.time.Duration;
import java.time.Instant;

/**
 * What a bulk purge found or did: the jobs of {@code state} that finished before {@code finishedBefore} (now minus
 * {@code olderThan}); {@code count} of them would be deleted ({@code dryRun}) or were deleted.
 */
public record PurgeReport(JobState state, Duration olderThan, Instant finishedBefore, boolean dryRun, long count) {}
