/**
 * Metrics with Micrometer and its Prometheus registry. {@link dev.jobprocessor.adapters.metrics.JobMetrics} listens to
 * the application's {@link dev.jobprocessor.application.port.JobObserver} port; {@link
 * dev.jobprocessor.adapters.metrics.QueueGauges} shows counts read from the store; the rest are fed by bootstrap. No
 * other module imports Micrometer. Every metric is listed in {@code docs/OBSERVABILITY.md}.
 */
package dev.jobprocessor.adapters.metrics;
