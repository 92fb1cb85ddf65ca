package dev.jobprocessor.adapters.http;

import dev.jobprocessor.application.CancelJob;
import dev.jobprocessor.application.CompleteJob;
import dev.jobprocessor.application.ConfigureQueue;
import dev.jobprocessor.application.FailJob;
import dev.jobprocessor.application.GetJob;
import dev.jobprocessor.application.GetStatistics;
import dev.jobprocessor.application.Heartbeat;
import dev.jobprocessor.application.LeaseJobs;
import dev.jobprocessor.application.ListJobs;
import dev.jobprocessor.application.ListQueues;
import dev.jobprocessor.application.ManageBatches;
import dev.jobprocessor.application.ManageSchedules;
import dev.jobprocessor.application.ManageWorkflows;
import dev.jobprocessor.application.PurgeJob;
import dev.jobprocessor.application.PurgeJobs;
import dev.jobprocessor.application.ReleaseJobs;
import dev.jobprocessor.application.RetryJob;
import dev.jobprocessor.application.SnoozeJob;
import dev.jobprocessor.application.SubmitJob;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the HTTP API calls: the use cases, the readiness check, this process's metrics, and the signal that
 * wakes long polls.
 * {@code defaultLease} is the lease a worker gets when its lease request names none; {@code tokens} are the bearer
 * tokens the API accepts ({@link ApiTokens#none()} turns authentication off); {@code tracing} what requests and remote
 * workers' steps are traced with ({@link HttpTracing#off}: nothing).
 */
public record JobsApi(
        SubmitJob submit,
        GetJob get,
        ListJobs list,
        LeaseJobs lease,
        Heartbeat heartbeat,
        CompleteJob complete,
        FailJob fail,
        SnoozeJob snooze,
        ReleaseJobs release,
        CancelJob cancel,
        RetryJob retry,
        PurgeJob purgeJob,
        PurgeJobs purgeJobs,
        ListQueues listQueues,
        ConfigureQueue configureQueue,
        ManageSchedules schedules,
        ManageWorkflows workflows,
        ManageBatches batches,
        GetStatistics statistics,
        Readiness readiness,
        ServerMetrics metrics,
        EnqueueSignal enqueueSignal,
        Duration defaultLease,
        ApiTokens tokens,
        HttpTracing tracing) {

    public JobsApi {
        Objects.requireNonNull(submit, "submit");
        Objects.requireNonNull(get, "get");
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(complete, "complete");
        Objects.requireNonNull(fail, "fail");
        Objects.requireNonNull(snooze, "snooze");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(cancel, "cancel");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(purgeJob, "purgeJob");
        Objects.requireNonNull(purgeJobs, "purgeJobs");
        Objects.requireNonNull(listQueues, "listQueues");
        Objects.requireNonNull(configureQueue, "configureQueue");
        Objects.requireNonNull(schedules, "schedules");
        Objects.requireNonNull(workflows, "workflows");
        Objects.requireNonNull(batches, "batches");
        Objects.requireNonNull(statistics, "statistics");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(enqueueSignal, "enqueueSignal");
        Objects.requireNonNull(defaultLease, "defaultLease");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(tracing, "tracing");
    }
}
