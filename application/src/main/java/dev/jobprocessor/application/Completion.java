package dev.jobprocessor.application;

import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.LeaseToken;

/** A lease holder's report that its attempt succeeded with {@code result}. */
public record Completion(JobId id, LeaseToken token, Json result) {}
