package dev.jobprocessor.adapters.memory.archfixture;

import io.micrometer.core.instrument.MeterRegistry;

/** Bad on purpose: an adapter other than metrics using Micrometer. */
public final class MemoryCountingMetrics {

    public void count(MeterRegistry registry) {
        registry.counter("jobs.stored").increment();
    }
}
