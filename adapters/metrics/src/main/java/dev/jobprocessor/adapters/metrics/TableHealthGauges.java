package dev.jobprocessor.adapters.metrics;

import dev.jobprocessor.application.port.TableHealth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The jobs table's health as last read from the database (docs/OBSERVABILITY.md, "Table health"):
 * {@code jobs_table_live_tuples}, {@code jobs_table_dead_tuples}, {@code jobs_table_bytes},
 * {@code jobs_table_seconds_since_autovacuum} and {@code jobs_oldest_transaction_age_seconds}. Like the queue gauges,
 * they are read on a schedule by bootstrap, never per scrape, and registered only for a store that has a table.
 *
 * <p>Each is NaN until the first reading, and {@code jobs_table_seconds_since_autovacuum} stays NaN while autovacuum
 * has never vacuumed the table; {@code jobs_oldest_transaction_age_seconds} is 0 when no other transaction is open.
 */
public final class TableHealthGauges {

    /** The last reading; {@code null} until one arrives or when the store reported none. */
    private volatile TableHealth last;

    public TableHealthGauges(MeterRegistry registry) {
        register(
                registry,
                "jobs.table.live.tuples",
                "Live rows of the jobs table, as PostgreSQL's statistics estimate them",
                TableHealth::liveTuples);
        register(
                registry,
                "jobs.table.dead.tuples",
                "Dead row versions of the jobs table that vacuum has not removed yet",
                TableHealth::deadTuples);
        register(
                registry,
                "jobs.table.bytes",
                "Size of the jobs table on disk, with its indexes and TOAST, in bytes",
                TableHealth::totalBytes);
        register(
                registry,
                "jobs.table.seconds.since.autovacuum",
                "Seconds since autovacuum last vacuumed the jobs table; NaN when it never has",
                health ->
                        health.sinceAutovacuum().map(TableHealthGauges::seconds).orElse(Double.NaN));
        register(
                registry,
                "jobs.oldest.transaction.age.seconds",
                "Age of the oldest open transaction of a client session in the jobs database; 0 when none is open",
                health -> seconds(health.oldestTransactionAge()));
    }

    /** Shows {@code health}; an empty reading shows NaN everywhere. */
    public void update(Optional<TableHealth> health) {
        last = health.orElse(null);
    }

    private void register(
            MeterRegistry registry, String name, String description, ToDoubleFunction<TableHealth> value) {
        Gauge.builder(name, this, gauges -> {
                    TableHealth health = gauges.last;
                    return health == null ? Double.NaN : value.applyAsDouble(health);
                })
                .description(description)
                .register(registry);
    }

    private static double seconds(java.time.Duration duration) {
        return duration.toMillis() / 1_000.0;
    }
}
