package dev.jobprocessor.adapters.postgres;

/**
 * How the database's schema compares with the migrations this build carries. A process that does not migrate reads
 * it at start so that it can refuse a schema it was not built for, rather than fail every request it serves.
 */
public sealed interface SchemaState {

    /** Every migration this build carries is applied, and none that it does not know. */
    record Current(String version) implements SchemaState {}

    /** No migration is applied: the database was never migrated, or the URL points at another database. */
    record Missing(String required) implements SchemaState {}

    /** Migrated up to {@code found}, while this build needs {@code required}. */
    record Older(String found, String required) implements SchemaState {}

    /** A newer build migrated it to {@code found}; this build knows versions up to {@code known} only. */
    record Newer(String found, String known) implements SchemaState {}

    /** The database did not answer, so nothing is known about its schema. */
    record Unreachable(String reason) implements SchemaState {}
}
