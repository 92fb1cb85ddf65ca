package dev.jobprocessor.adapters.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.domain.JobState;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code jobs_purged_total} as Prometheus scrapes it. */
class PurgeMetricsTest {

    private final PrometheusMetrics metrics = new PrometheusMetrics();
    private final PurgeMetrics purges = new PurgeMetrics(metrics.registry());

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void countsDeletedJobsByTheStateTheyWereIn() {
        purges.purged(JobState.COMPLETED, 2_000);
        purges.purged(JobState.COMPLETED, 17);
        purges.purged(JobState.DEAD, 1);

        List<PrometheusSample> samples = metrics.scrape()
                .lines()
                .filter(line -> line.startsWith("jobs_purged_total"))
                .map(PrometheusSample::parse)
                .toList();

        assertThat(samples)
                .extracting(s -> s.labels().get("state"), PrometheusSample::value)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("completed", 2_017.0),
                        org.assertj.core.groups.Tuple.tuple("dead", 1.0));
        assertThat(metrics.scrape()).contains("# HELP jobs_purged_total Finished jobs deleted by retention");
    }
}
