package dev.jobprocessor.adapters.http;

import dev.jobprocessor.application.PurgeReport;
import dev.jobprocessor.domain.DurationText;

/**
 * The answer of {@code POST /admin/purge}: what was asked ({@code older_than} as the service read it), the cutoff it
 * became ({@code finished_before}), and how many jobs would be deleted ({@code dry_run}) or were.
 */
record PurgeView(String state, String olderThan, String finishedBefore, boolean dryRun, long count) {

    static PurgeView from(PurgeReport report) {
        return new PurgeView(
                report.state().wireName(),
                DurationText.format(report.olderThan()),
                JobView.time(report.finishedBefore()),
                report.dryRun(),
                report.count());
    }
}
