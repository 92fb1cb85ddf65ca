package dev.jobprocessor.adapters.http;

import java.util.List;

/** A list of jobs, with the cursor of the next page when listing ({@code null} on the last page and for batches). */
record JobsView(List<JobView> jobs, String nextCursor) {}
