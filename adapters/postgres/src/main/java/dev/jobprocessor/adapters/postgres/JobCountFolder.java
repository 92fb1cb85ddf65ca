package dev.jobprocessor.adapters.postgres;

import dev.jobprocessor.adapters.postgres.jooq.Routines;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Folds the appended count changes into {@code job_counts} (migration V2), so that reading the counts stays a read of
 * a few hundred rows however busy the queue is. Run it every second or so from any number of processes: only one folds
 * at a time, the others return at once.
 */
public final class JobCountFolder {

    private final DSLContext dsl;

    public JobCountFolder(DataSource dataSource) {
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    /** Returns how many change rows were folded (0 when another process holds the fold). */
    public int fold() {
        return StoreErrors.translate(() -> {
            Integer folded = Routines.foldJobCountChanges(dsl.configuration());
            return folded == null ? 0 : folded;
        });
    }
}
