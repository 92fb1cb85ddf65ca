package dev.jobprocessor.adapters.memory.usecases;

import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobHandler;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.Json;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A handler that holds each attempt until {@link #finish} opens, telling which attempts started and which were
 * interrupted; an attempt that gets through answers {@code {"late":true}}, so a discarded result can be told apart.
 */
final class HeldHandler implements JobHandler {

    final CountDownLatch started;
    final CountDownLatch finish = new CountDownLatch(1);
    private final Map<JobId, CountDownLatch> interrupted = new ConcurrentHashMap<>();

    HeldHandler(int attempts) {
        started = new CountDownLatch(attempts);
    }

    @Override
    public HandlerResult handle(Job job) {
        started.countDown();
        try {
            finish.await();
        } catch (InterruptedException e) {
            interrupted(job.id()).countDown();
        }
        return HandlerResult.success(new Json("{\"late\":true}"));
    }

    /** Opens once the attempt at {@code id} was interrupted. */
    CountDownLatch interrupted(JobId id) {
        return interrupted.computeIfAbsent(id, key -> new CountDownLatch(1));
    }
}
