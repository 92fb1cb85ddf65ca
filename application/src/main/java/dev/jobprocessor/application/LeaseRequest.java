package dev.jobprocessor.application;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** A worker asking for up to {@code limit} jobs from {@code queues}; an empty or absent ({@code null}) {@code types} means any type. */
public record LeaseRequest(String workerId, List<String> queues, Set<String> types, int limit, Duration lease) {}
