package dev.jobprocessor.adapters.postgres;

import java.util.Arrays;
import java.util.Comparator;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;

/** Reads a {@link SchemaState} from what Flyway knows of the applied and the available migrations. */
final class SchemaCheck {

    private SchemaCheck() {}

    static SchemaState of(MigrationInfoService info) {
        String known = latestKnown(info.all());
        MigrationInfo current = info.current();
        if (current == null || current.getVersion() == null) {
            return new SchemaState.Missing(known);
        }
        String found = current.getVersion().getVersion();
        // Flyway calls an applied migration that this build does not carry "future", and by default ignores it.
        if (Arrays.stream(info.applied()).anyMatch(SchemaCheck::isFuture)) {
            return new SchemaState.Newer(found, known);
        }
        if (info.pending().length > 0) {
            return new SchemaState.Older(found, known);
        }
        return new SchemaState.Current(found);
    }

    private static boolean isFuture(MigrationInfo migration) {
        MigrationState state = migration.getState();
        return state == MigrationState.FUTURE_SUCCESS || state == MigrationState.FUTURE_FAILED;
    }

    private static String latestKnown(MigrationInfo[] all) {
        return Arrays.stream(all)
                .filter(migration -> migration.getState().isResolved() && migration.getVersion() != null)
                .map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder())
                .map(MigrationVersion::getVersion)
                .orElse("none");
    }
}
