package dev.jobprocessor.adapters.http;

import java.util.List;

/** The jobs of a batch submission, in the order they were sent. */
record BatchView(List<JobView> jobs) {}
