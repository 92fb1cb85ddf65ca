package dev.jobprocessor.adapters.http;

import static dev.jobprocessor.adapters.http.JobView.time;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jobprocessor.application.port.BatchStatus;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.NewJob;
import dev.jobprocessor.domain.batch.Batch;
import dev.jobprocessor.domain.batch.BatchCallback;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch with callbacks as the API shows it (docs/WORKFLOWS.md, "Batches with callbacks"): its tally of ends (what
 * the callbacks are decided on), its jobs counted by their states now ({@code totals}), each callback it has with the
 * job enqueued for it ({@code job_id}, null until then), and, in the submit's answer only, its jobs in the order sent.
 */
record BatchStatusView(
        String id,
        String name,
        String createdAt,
        String createdBy,
        int total,
        TallyView tally,
        Map<String, Integer> totals,
        Map<String, CallbackView> callbacks,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<JobView> jobs) {

    record TallyView(int completed, int failed, int cancelled) {}

    record CallbackView(String type, String queue, String jobId) {}

    static BatchStatusView from(BatchStatus status, List<Job> jobs) {
        Batch batch = status.batch();
        Map<String, CallbackView> callbacks = new LinkedHashMap<>();
        for (BatchCallback callback : BatchCallback.values()) {
            NewJob template = batch.callbacks().get(callback);
            if (template != null) {
                JobId enqueued = status.enqueuedCallbacks().get(callback);
                callbacks.put(
                        callback.wireName(),
                        new CallbackView(
                                template.type(), template.queue(), enqueued == null ? null : enqueued.toString()));
            }
        }
        return new BatchStatusView(
                batch.id().toString(),
                batch.name(),
                time(batch.createdAt()),
                batch.createdBy(),
                batch.total(),
                new TallyView(
                        status.tally().completed(),
                        status.tally().failed(),
                        status.tally().cancelled()),
                StateTotals.byWireName(status.totals()),
                callbacks,
                jobs == null ? null : jobs.stream().map(JobView::from).toList());
    }
}
