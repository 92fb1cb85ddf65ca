package dev.jobprocessor.adapters.memory.usecases;

import dev.jobprocessor.adapters.memory.InMemoryJobRepository;
import dev.jobprocessor.application.CancelJob;
import dev.jobprocessor.application.CompleteJob;
import dev.jobprocessor.application.FailJob;
import dev.jobprocessor.application.GetJob;
import dev.jobprocessor.application.Heartbeat;
import dev.jobprocessor.application.LeaseJobs;
import dev.jobprocessor.application.ListJobs;
import dev.jobprocessor.application.ObservedJobRepository;
import dev.jobprocessor.application.ReapExpiredLeases;
import dev.jobprocessor.application.ReleaseJobs;
import dev.jobprocessor.application.RetryJob;
import dev.jobprocessor.application.SnoozeJob;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.port.JobHandlers;
import dev.jobprocessor.application.port.JobLifecycle;
import dev.jobprocessor.application.port.JobTracing;
import dev.jobprocessor.application.port.LifecycleEvent;
import dev.jobprocessor.application.testing.SettableClock;
import dev.jobprocessor.application.worker.QueueConcurrency;
import dev.jobprocessor.application.worker.Worker;
import dev.jobprocessor.application.worker.WorkerSettings;
import dev.jobprocessor.domain.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every use case wired to one in-memory store and one settable clock, as bootstrap wires them for real. */
final class UseCases {

    static final RetryPolicy RETRY_POLICY = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1));
    static final Duration LEASE = Duration.ofSeconds(30);

    final SettableClock clock = new SettableClock();
    final Random random = new Random(2026);
    final InMemoryJobRepository repository = new InMemoryJobRepository(random);
    /** Every lifecycle step the use cases stored, as metrics and logs are told of them. */
    final List<JobLifecycle> observed = new CopyOnWriteArrayList<>();
    /** The store as the use cases see it: observed, as bootstrap wires it, and counted for the tests. */
    final CountingJobRepository store =
            new CountingJobRepository(new ObservedJobRepository(repository, observed::addAll));

    final SubmitJob submit = new SubmitJob(store, clock, random);
    final GetJob get = new GetJob(store);
    final ListJobs list = new ListJobs(store);
    final LeaseJobs lease = new LeaseJobs(store, clock);
    final Heartbeat heartbeat = new Heartbeat(store, clock);
    final CompleteJob complete = new CompleteJob(store, clock);
    final FailJob fail = new FailJob(store, clock, RETRY_POLICY.backoff(new Random(7)));
    final CancelJob cancel = new CancelJob(store, clock);
    final RetryJob retry = new RetryJob(store, clock);
    final ReapExpiredLeases reaper = new ReapExpiredLeases(store, clock, RETRY_POLICY.backoff(new Random(8)), 100);

    /** The lifecycle events observed so far, in order. */
    List<LifecycleEvent> observedEvents() {
        return observed.stream().map(JobLifecycle::event).toList();
    }

    Worker worker(int concurrency, JobHandlers handlers) {
        return worker(concurrency, 0, handlers);
    }

    Worker worker(int concurrency, int prefetch, JobHandlers handlers) {
        return worker(List.of(QueueConcurrency.of("default", concurrency)), prefetch, handlers);
    }

    /** A worker with slots of their own for each of {@code queues}. */
    Worker worker(List<QueueConcurrency> queues, int prefetch, JobHandlers handlers) {
        return worker(queues, prefetch, handlers, JobTracing.NONE);
    }

    /** As above, tracing its attempts with {@code tracing}. */
    Worker worker(List<QueueConcurrency> queues, int prefetch, JobHandlers handlers, JobTracing tracing) {
        return new Worker(
                new WorkerSettings("test-worker", queues, LEASE, Duration.ofMillis(50), prefetch),
                handlers,
                lease,
                heartbeat,
                complete,
                fail,
                new SnoozeJob(store, clock),
                new ReleaseJobs(store, clock),
                clock,
                tracing);
    }
}
