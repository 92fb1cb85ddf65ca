package dev.jobprocessor.adapters.postgres;

import static dev.jobprocessor.adapters.postgres.jooq.Tables.JOBS;

import dev.jobprocessor.adapters.postgres.jooq.tables.records.JobsRecord;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.JSON;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The enqueue's {@code INSERT}, one text for any number of rows: every column arrives as one text array, the rows
 * are {@code unnest}ed and each column cast back to its type.
 *
 * <p>Why not jOOQ's multi-row {@code VALUES} per call: building and rendering it took about as much CPU as
 * PostgreSQL's whole insert (docs/BENCHMARKS.md, "Performance round 2"), and its text changed with the number of rows,
 * so PostgreSQL parsed and planned it anew for each group of submissions. This text is rendered by jOOQ once, from
 * the generated table, and the driver prepares it on the server after its first uses.
 */
final class JobInsert {

    /** Every column of {@code jobs}, in the generated table's order: the arrays are bound in this order. */
    private static final List<Field<?>> COLUMNS = List.of(JOBS.fields());

    /**
     * {@code INSERT INTO jobs (…) SELECT cast(r.c as type), … FROM unnest(?, …) AS r (…) ON CONFLICT DO NOTHING
     * RETURNING id}. No conflict target: a row is skipped when its idempotency key or its unique key is taken.
     */
    static final String SQL = render(JOBS.ID);

    /**
     * {@link #SQL} that also notifies workers, for an auto-committed statement: {@code WITH inserted AS (…) SELECT id,
     * pg_notify(?, queue) FROM inserted}. The notifications are delivered when the statement commits, never before
     * the jobs are visible; PostgreSQL sends one per queue (it folds equal notifications of one transaction).
     */
    static final String SQL_NOTIFYING = "WITH inserted AS (" + render(JOBS.ID, JOBS.QUEUE)
            + ") SELECT inserted.id, pg_notify(?, inserted.queue) FROM inserted";

    private JobInsert() {}

    private static String render(Field<?>... returning) {
        String[] names = COLUMNS.stream().map(Field::getName).toArray(String[]::new);
        List<Field<?>> arrays = new ArrayList<>();
        List<Field<?>> casts = new ArrayList<>();
        for (Field<?> column : COLUMNS) {
            arrays.add(DSL.val(new String[0]));
            casts.add(DSL.field(DSL.name("r", column.getName()), String.class).cast(column.getDataType()));
        }
        Table<?> rows = DSL.table("unnest({0})", DSL.list(arrays.toArray(new Field<?>[0])))
                .as("r", names);
        return DSL.using(SQLDialect.POSTGRES)
                .render(DSL.insertInto(JOBS)
                        .columns(COLUMNS)
                        .select(DSL.select(casts).from(rows))
                        .onConflictDoNothing()
                        .returningResult(returning));
    }

    /** Inserts {@code rows} in their order on {@code connection} (in its transaction); returns the ids inserted. */
    static Set<UUID> insert(Connection connection, List<JobsRecord> rows) throws SQLException {
        return insert(connection, rows, SQL, null);
    }

    /**
     * Inserts {@code rows} and notifies {@code channel} of their queues in the same statement: with auto-commit, one
     * round trip for the insert, its durable commit and the notification.
     */
    static Set<UUID> insertNotifying(Connection connection, List<JobsRecord> rows, String channel) throws SQLException {
        return insert(connection, rows, SQL_NOTIFYING, channel);
    }

    private static Set<UUID> insert(Connection connection, List<JobsRecord> rows, String sql, String channel)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            if (channel != null) {
                insert.setString(COLUMNS.size() + 1, channel);
            }
            for (int c = 0; c < COLUMNS.size(); c++) {
                String[] values = new String[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    values[r] = text(rows.get(r).get(COLUMNS.get(c)));
                }
                Array array = connection.createArrayOf("text", values);
                insert.setArray(c + 1, array);
            }
            Set<UUID> inserted = new LinkedHashSet<>();
            try (ResultSet ids = insert.executeQuery()) {
                while (ids.next()) {
                    inserted.add(ids.getObject(1, UUID.class));
                }
            }
            return inserted;
        }
    }

    /** A column's value as PostgreSQL reads it back from text with the column's cast. */
    static String text(Object value) {
        return switch (value) {
            case null -> null;
            case JSON json -> json.data();
            case JSONB jsonb -> jsonb.data();
            case OffsetDateTime time -> time.toString();
            // Only unique_states is an array: job state names, which need no quoting in an array literal.
            case String[] elements -> "{" + String.join(",", elements) + "}";
            default -> value.toString();
        };
    }
}
