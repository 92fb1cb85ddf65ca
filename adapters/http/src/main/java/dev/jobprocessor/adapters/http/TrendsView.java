package dev.jobprocessor.adapters.http;

import java.util.List;
import java.util.Map;

/** The body of {@code GET /admin/trends}. */
record TrendsView(double stepSeconds, List<PointView> points) {

    record PointView(
            String at,
            double createdPerSecond,
            double completedPerSecond,
            double failedPerSecond,
            Trends.Percentiles queueWaitSeconds,
            Trends.Percentiles runSeconds,
            Map<String, Long> backlog) {}

    static TrendsView from(Trends trends) {
        return new TrendsView(
                trends.step().toMillis() / 1000.0,
                trends.points().stream()
                        .map(point -> new PointView(
                                point.at().toString(),
                                round(point.createdPerSecond()),
                                round(point.completedPerSecond()),
                                round(point.failedPerSecond()),
                                point.queueWait(),
                                point.runTime(),
                                point.backlog()))
                        .toList());
    }

    private static double round(double perSecond) {
        return Math.round(perSecond * 1000) / 1000.0;
    }
}
