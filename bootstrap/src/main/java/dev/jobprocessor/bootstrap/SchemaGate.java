package dev.jobprocessor.bootstrap;

import dev.jobprocessor.adapters.postgres.SchemaState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a process start only on the schema its build was made for. Without it, a process on an unmigrated database
 * answers every submit with 500 and logs a failed poll every second, forever; on a newer schema it may misread rows.
 * A database that does not answer is let through: an outage at start is waited out, as one later on is.
 */
final class SchemaGate {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaGate.class);
    private static final String RUN_MIGRATE = "run \"java -jar job-processor.jar migrate\" first";

    private SchemaGate() {}

    static void admit(SchemaState state) {
        switch (state) {
            case SchemaState.Current current -> LOG.info("database schema is at version {}", current.version());
            case SchemaState.Missing missing ->
                throw new StartRefusedException("the database has no job-processor schema (this build needs version "
                        + missing.required() + "); " + RUN_MIGRATE);
            case SchemaState.Older older ->
                throw new StartRefusedException("the database schema is at version " + older.found()
                        + " but this build needs " + older.required() + "; " + RUN_MIGRATE);
            case SchemaState.Newer newer ->
                throw new StartRefusedException("the database schema is at version " + newer.found()
                        + " but this build knows versions up to " + newer.known()
                        + " only; this job-processor.jar is older than the database: upgrade it");
            case SchemaState.Unreachable unreachable ->
                LOG.warn(
                        "could not check the database schema, the database does not answer ({}); starting anyway:"
                                + " /ready answers 503 until it answers, migrated",
                        unreachable.reason());
        }
    }
}
