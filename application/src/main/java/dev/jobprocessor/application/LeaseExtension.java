package dev.jobprocessor.application;

import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.LeaseToken;
import java.time.Duration;

/** A lease holder's ask to keep the job {@code extension} longer, from now; proven by its lease token. */
public record LeaseExtension(JobId id, LeaseToken token, Duration extension) {}
