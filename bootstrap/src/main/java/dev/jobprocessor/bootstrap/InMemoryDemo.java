package dev.jobprocessor.bootstrap;

import dev.jobprocessor.adapters.clock.SystemClock;
import dev.jobprocessor.adapters.memory.InMemoryJobRepository;
import dev.jobprocessor.application.CompleteJob;
import dev.jobprocessor.application.FailJob;
import dev.jobprocessor.application.GetJob;
import dev.jobprocessor.application.Heartbeat;
import dev.jobprocessor.application.LeaseJobs;
import dev.jobprocessor.application.ReleaseJobs;
import dev.jobprocessor.application.SnoozeJob;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobHandlers;
import dev.jobprocessor.application.worker.Worker;
import dev.jobprocessor.application.worker.WorkerSettings;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.RetryPolicy;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the whole job life cycle in this process on the in-memory store: submits jobs that succeed, fail for good and
 * run out of attempts, lets an embedded worker run them, and prints where each ended. It shows the pieces working
 * together until the HTTP service lands.
 */
final class InMemoryDemo {

    private final PrintStream out;

    InMemoryDemo(PrintStream out) {
        this.out = out;
    }

    int run() {
        Clock clock = new SystemClock();
        SecureRandom random = new SecureRandom();
        InMemoryJobRepository repository = new InMemoryJobRepository(random);
        RetryPolicy quickRetries = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(100));
        SubmitJob submit = new SubmitJob(repository, clock, random);
        JobHandlers handlers = JobHandlers.builder()
                .register("greet", job -> HandlerResult.success(new Json("{\"greeting\":\"hello\"}")))
                .register("reject", job -> HandlerResult.permanent("this job can never succeed"))
                .register("flaky", job -> {
                    throw new IllegalStateException("downstream unavailable");
                })
                .build();
        Worker worker = new Worker(
                new WorkerSettings("demo-worker", List.of("default"), 4, Duration.ofSeconds(30), Duration.ofMillis(10)),
                handlers,
                new LeaseJobs(repository, clock),
                new Heartbeat(repository, clock),
                new CompleteJob(repository, clock),
                new FailJob(repository, clock, quickRetries.backoff(random)),
                new SnoozeJob(repository, clock),
                new ReleaseJobs(repository, clock),
                clock);

        List<JobId> ids = new ArrayList<>();
        ids.add(submit.submit(JobRequest.ofType("greet")).job().id());
        ids.add(submit.submit(JobRequest.ofType("reject")).job().id());
        ids.add(submit.submit(JobRequest.ofType("flaky").withMaxAttempts(3))
                .job()
                .id());
        worker.start();
        GetJob get = new GetJob(repository);
        boolean settled = waitUntilTerminal(get, ids, Duration.ofSeconds(10));
        worker.shutdown(Duration.ofSeconds(5));
        for (JobId id : ids) {
            Job job = get.get(id);
            out.printf(
                    "%s %-6s -> %-9s attempts=%d result=%s last_error=%s%n",
                    job.id(), job.type(), job.state().wireName(), job.attempts(), job.result(), job.lastError());
        }
        return settled ? 0 : 1;
    }

    private static boolean waitUntilTerminal(GetJob get, List<JobId> ids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ids.stream().allMatch(id -> get.get(id).state().isTerminal())) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
