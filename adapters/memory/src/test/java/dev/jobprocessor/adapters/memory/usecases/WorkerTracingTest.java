package dev.jobprocessor.adapters.memory.usecases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.CallbackPolicy;
import dev.jobprocessor.application.ManageBatches;
import dev.jobprocessor.application.ManageWorkflows;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobHandlers;
import dev.jobprocessor.application.worker.QueueConcurrency;
import dev.jobprocessor.application.worker.Worker;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.TraceParent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the worker and the submit tell the tracing port (docs/OBSERVABILITY.md, "Traces"): a submit stores the trace it
 * runs in; each attempt is traced from its claim, its handler runs inside the attempt's run span, and its trace ends
 * with the outcome the worker stored, or as abandoned when its lease was lost.
 */
class WorkerTracingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TraceParent SUBMIT_TRACE =
            new TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    private final UseCases app = new UseCases();
    private final RecordingTracing tracing = new RecordingTracing();
    private final SubmitJob submit = new SubmitJob(app.store, app.clock, app.random, CallbackPolicy.off(), tracing);
    private Worker worker;

    @AfterEach
    void stopWorker() {
        if (worker != null) {
            worker.shutdown(Duration.ZERO);
        }
    }

    private Worker worker(JobHandlers handlers) {
        return app.worker(List.of(QueueConcurrency.of("default", 2)), 0, handlers, tracing);
    }

    @Test
    void aSubmitStoresTheTraceItRunsInAndWithoutOneNone() {
        tracing.current = SUBMIT_TRACE;
        JobId traced = submit.submit(JobRequest.ofType("echo")).job().id();
        List<JobId> batch = submit.submitAll(List.of(JobRequest.ofType("a"), JobRequest.ofType("b"))).stream()
                .map(enqueued -> enqueued.job().id())
                .toList();
        tracing.current = null;
        JobId untraced = submit.submit(JobRequest.ofType("echo")).job().id();

        assertThat(app.get.get(traced).traceParent()).isEqualTo(SUBMIT_TRACE);
        assertThat(batch)
                .allSatisfy(id -> assertThat(app.get.get(id).traceParent()).isEqualTo(SUBMIT_TRACE));
        assertThat(app.get.get(untraced).traceParent()).isNull();
    }

    @Test
    void aWorkflowAndABatchStoreTheTraceTheirSubmitRunsIn() {
        tracing.current = SUBMIT_TRACE;
        ManageWorkflows workflows =
                new ManageWorkflows(app.repository, app.store, app.clock, app.random, CallbackPolicy.off(), tracing);
        ManageBatches batches = new ManageBatches(app.repository, app.clock, app.random, CallbackPolicy.off(), tracing);

        List<JobId> ids = new java.util.ArrayList<>();
        workflows
                .submit("traced", List.of(JobRequest.ofType("a"), JobRequest.ofType("b")), null)
                .graph()
                .jobs()
                .forEach(job -> ids.add(job.id()));
        batches.submit(null, List.of(JobRequest.ofType("c")), Map.of(), null)
                .jobs()
                .forEach(job -> ids.add(job.id()));

        assertThat(ids).hasSize(3);
        assertThat(ids)
                .allSatisfy(id -> assertThat(app.get.get(id).traceParent()).isEqualTo(SUBMIT_TRACE));
    }

    @Test
    void eachAttemptIsTracedFromItsClaimThroughItsRunToItsStoredOutcome() {
        worker = worker(JobHandlers.builder()
                .register("echo", job -> {
                    assertThat(RecordingTracing.RUNNING.get())
                            .as("the handler runs inside its run span")
                            .isEqualTo(job.id().toString());
                    return HandlerResult.success(Json.EMPTY_OBJECT);
                })
                .register("broken", job -> HandlerResult.permanent("bad input"))
                .build());
        tracing.current = SUBMIT_TRACE;
        JobId echo = submit.submit(JobRequest.ofType("echo")).job().id();
        JobId broken = submit.submit(JobRequest.ofType("broken")).job().id();

        assertThat(worker.poll()).isEqualTo(2);
        assertThat(worker.awaitIdle(WAIT)).isTrue();

        assertThat(app.get.get(echo).result()).isEqualTo(Json.EMPTY_OBJECT);
        assertThat(tracing.calls)
                .containsSubsequence("attempt " + echo + " test-worker", "run " + echo, "stored complete " + echo)
                .containsSubsequence("attempt " + broken + " test-worker", "run " + broken, "stored fail " + broken)
                .hasSize(6);
    }

    @Test
    void anAttemptHandedBackAtShutdownEndsWithItsReleaseAndOneWhoseLeaseWasLostAsAbandoned() throws Exception {
        Semaphore started = new Semaphore(0);
        worker = worker(JobHandlers.builder()
                .register("hang", job -> {
                    started.release();
                    new CountDownLatch(1).await();
                    return HandlerResult.success(Json.EMPTY_OBJECT);
                })
                .build());
        JobId lost = submit.submit(JobRequest.ofType("hang").withTimeoutSeconds(600))
                .job()
                .id();
        worker.poll();
        // Its handler runs before the lease is lost: an attempt stopped before it started traces the same way, but
        // this test is about one that was running.
        assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        app.clock.advance(UseCases.LEASE);
        assertThat(app.reaper.reap()).isEqualTo(1);
        worker.heartbeat();
        JobId handedBack = submit.submit(JobRequest.ofType("hang")).job().id();
        worker.poll();
        assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();

        worker.shutdown(Duration.ZERO);

        assertThat(tracing.calls)
                .contains("abandoned " + lost + ": lease lost")
                .contains("stored release " + handedBack)
                .doesNotContain("stored release " + lost)
                .noneMatch(call -> call.endsWith("backwards"));
    }
}
