package dev.jobprocessor.adapters.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/**
 * One process's metrics registry, with the JVM's own metrics bound, rendered in the Prometheus text format.
 *
 * <p>This uses Micrometer's registry on the Prometheus {@code simpleclient}, not the newer one on Prometheus client
 * 1.x: the newer client treats {@code _created} as a reserved suffix and renames {@code jobs_created_total} (a name
 * docs/SPEC.md §7.2 fixes) to {@code jobs_total}. Revisit when SPEC's names can change (docs/OBSERVABILITY.md).
 */
@SuppressWarnings("deprecation")
public final class PrometheusMetrics implements AutoCloseable {

    /** The Prometheus text exposition format, version 0.0.4: what every Prometheus server scrapes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public PrometheusMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Every metric, in the Prometheus text format. */
    public String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
