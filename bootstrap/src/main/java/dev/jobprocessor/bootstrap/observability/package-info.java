/**
 * Wiring for what operators watch: the lifecycle log and the bridge from the HTTP adapter's {@code ServerMetrics} to
 * the metrics adapter. Bootstrap owns it because it joins two adapters that must not know each other.
 */
package dev.jobprocessor.bootstrap.observability;
