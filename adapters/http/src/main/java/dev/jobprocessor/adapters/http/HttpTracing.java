package dev.jobprocessor.adapters.http;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.JobTracing;
import dev.jobprocessor.domain.Job;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the API traces with (docs/OBSERVABILITY.md, "Traces"): {@code openTelemetry} for a span per request (continuing
 * an incoming {@code traceparent}), {@code jobs} for the steps remote workers take on a job (claim, complete, fail,
 * snooze, release) in that job's trace, and {@code clock} to time those steps.
 */
public record HttpTracing(OpenTelemetry openTelemetry, JobTracing jobs, Clock clock) {

    public HttpTracing {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(clock, "clock");
    }

    /** Nothing traced. */
    public static HttpTracing off(Clock clock) {
        return new HttpTracing(OpenTelemetry.noop(), JobTracing.NONE, clock);
    }

    /** Runs {@code call}, then records {@code step} for every job it answers, each in its own job's trace. */
    <T> T step(String step, Supplier<T> call, Function<T, List<Job>> jobsOf) {
        Instant started = clock.now();
        T answer = call.get();
        Instant ended = clock.now();
        jobsOf.apply(answer).forEach(job -> jobs.remoteStep(job, step, started, ended));
        return answer;
    }
}
