package dev.jobprocessor.application;

import dev.jobprocessor.domain.Failure;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.LeaseToken;

/** A lease holder's report that its attempt failed. */
public record FailureReport(JobId id, LeaseToken token, Failure failure) {}
