package dev.jobprocessor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TraceParentTest {

    private static final String TEXT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void reads_the_trace_and_span_ids_of_a_version_00_traceparent() {
        TraceParent parent = new TraceParent(TEXT);

        assertThat(parent.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(parent.spanId()).isEqualTo("00f067aa0ba902b7");
    }

    @Test
    void refuses_other_versions_upper_case_all_zero_ids_and_other_shapes() {
        for (String bad : new String[] {
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            TEXT + "-extra",
            ""
        }) {
            assertThatThrownBy(() -> new TraceParent(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("traceparent");
        }
    }

    @Test
    void a_job_keeps_the_trace_it_was_created_in_through_its_transitions() {
        TraceParent parent = new TraceParent(TEXT);
        Job job = Job.create(TestJobs.ID, TestJobs.request(3), TestJobs.NOW, null, parent);

        Job claimed = job.claim(TestJobs.OWNER, TestJobs.TOKEN, TestJobs.LEASE, TestJobs.NOW.plusSeconds(1));

        assertThat(job.traceParent()).isEqualTo(parent);
        assertThat(claimed.traceParent()).isEqualTo(parent);
        assertThat(TestJobs.pending().traceParent()).isNull();
    }
}
