package dev.jobprocessor.adapters.http;

import java.util.List;

/** The answer to a lease request: the claimed jobs with their tokens (empty when nothing was due). */
record LeasesView(List<LeasedJobView> jobs) {}
