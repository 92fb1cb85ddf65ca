package dev.jobprocessor.bootstrap.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobHandler;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.Json;

/**
 * {@code sleep} with payload {@code {"ms": N}} (0..3 600 000): sleeps N milliseconds, then succeeds with
 * {@code {"slept_ms": N}}. It stops at once when interrupted (a timeout, a lost lease, shutdown). A missing or bad
 * {@code ms} is a permanent failure: no retry would fix the payload.
 */
public final class SleepHandler implements JobHandler {

    static final long MAX_MS = 3_600_000;

    @Override
    public HandlerResult handle(Job job) throws InterruptedException {
        JsonNode ms = Payloads.of(job).get("ms");
        if (ms == null
                || !ms.canConvertToLong()
                || !ms.isIntegralNumber()
                || ms.longValue() < 0
                || ms.longValue() > MAX_MS) {
            return HandlerResult.permanent(
                    "sleep needs a payload {\"ms\": N} with N a whole number from 0 to " + MAX_MS);
        }
        Thread.sleep(ms.longValue());
        return HandlerResult.success(new Json("{\"slept_ms\":" + ms.longValue() + "}"));
    }
}
