package dev.jobprocessor.adapters.memory.usecases;

import dev.jobprocessor.adapters.memory.InMemoryJobRepository;
import dev.jobprocessor.application.CancelJob;
import dev.jobprocessor.application.CompleteJob;
import dev.jobprocessor.application.FailJob;
import dev.jobprocessor.application.GetJob;
import dev.jobprocessor.application.Heartbeat;
import dev.jobprocessor.application.LeaseJobs;
import dev.jobprocessor.application.ListJobs;
import dev.jobprocessor.application.ReapExpiredLeases;
import dev.jobprocessor.application.ReleaseJobs;
import dev.jobprocessor.application.RetryJob;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.port.JobHandlers;
import dev.jobprocessor.application.testing.SettableClock;
import dev.jobprocessor.application.worker.Worker;
import dev.jobprocessor.application.worker.WorkerSettings;
import dev.jobprocessor.domain.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/** Every use case wired to one in-memory store and one settable clock, as bootstrap wires them for real. */
final class UseCases {

    static final RetryPolicy RETRY_POLICY = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1));
    static final Duration LEASE = Duration.ofSeconds(30);

    final SettableClock clock = new SettableClock();
    final Random random = new Random(2026);
    final InMemoryJobRepository repository = new InMemoryJobRepository(random);
    final SubmitJob submit = new SubmitJob(repository, clock, random);
    final GetJob get = new GetJob(repository);
    final ListJobs list = new ListJobs(repository);
    final LeaseJobs lease = new LeaseJobs(repository, clock);
    final Heartbeat heartbeat = new Heartbeat(repository, clock);
    final CompleteJob complete = new CompleteJob(repository, clock);
    final FailJob fail = new FailJob(repository, clock, RETRY_POLICY.backoff(new Random(7)));
    final CancelJob cancel = new CancelJob(repository, clock);
    final RetryJob retry = new RetryJob(repository, clock);
    final ReapExpiredLeases reaper = new ReapExpiredLeases(repository, clock, RETRY_POLICY.backoff(new Random(8)), 100);

    Worker worker(int concurrency, JobHandlers handlers) {
        return worker(concurrency, 0, handlers);
    }

    Worker worker(int concurrency, int prefetch, JobHandlers handlers) {
        return new Worker(
                new WorkerSettings(
                        "test-worker", List.of("default"), concurrency, LEASE, Duration.ofMillis(50), prefetch),
                handlers,
                lease,
                heartbeat,
                complete,
                fail,
                new ReleaseJobs(repository, clock),
                clock);
    }
}
