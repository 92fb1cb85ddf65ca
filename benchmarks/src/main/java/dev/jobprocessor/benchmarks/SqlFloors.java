package dev.jobprocessor.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * What the idle paths cost in PostgreSQL alone on this machine, through plain JDBC with no pool, no jOOQ and no
 * service: the floor under the idle single submit and under pickup (docs/BENCHMARKS.md). Each runs one job at a time,
 * 20 ms apart, as the service's workloads do, after enough warm-up runs that the driver has prepared its statements.
 *
 * <ul>
 *   <li>{@link #insert}: the service's INSERT of one job ({@code pgbench-submit.sql}) with its {@code pg_notify} in
 *       the same auto-committed statement, as the service sends a job without keys: one round trip and one durable
 *       commit.
 *   <li>{@link #pickup}: the same insert on one connection, while another connection that has run {@code LISTEN}
 *       waits in the driver for the notification and then claims the job with one {@code UPDATE … FOR UPDATE SKIP
 *       LOCKED} (a second durable commit). Timed from before the insert is sent until the claim's row is read.
 * </ul>
 */
final class SqlFloors {

    private static final String CHANNEL = "floor_jobs";
    private static final int WARM_UP = 300;

    private static final String CLAIM = "UPDATE jobs SET state = 'running', attempts = attempts + 1,"
            + " lease_token = gen_random_uuid()::text, lease_owner = 'floor',"
            + " lease_expires_at = now() + interval '30 seconds', started_at = now(), updated_at = now()"
            + " WHERE id IN (SELECT id FROM jobs WHERE state = 'pending' AND queue = 'floor' AND run_at <= now()"
            + " ORDER BY priority, run_at, id LIMIT 16 FOR UPDATE SKIP LOCKED) RETURNING id";

    private final BenchmarkDatabase database;

    SqlFloors(BenchmarkDatabase database) {
        this.database = database;
    }

    /** The notifying insert alone, one at a time; how long each took. */
    Samples insert(int count) throws Exception {
        try (Connection connection = database.connectOutsideThePool("floor-insert");
                PreparedStatement insert = connection.prepareStatement(notifyingInsert())) {
            for (int i = 0; i < WARM_UP; i++) {
                run(insert);
            }
            Samples samples = new Samples(count);
            Thread.sleep(500);
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                run(insert);
                samples.add(System.nanoTime() - start);
                Thread.sleep(20);
            }
            return samples;
        }
    }

    /** Insert on one connection, notification and claim on another; from the insert sent to the claim read. */
    Samples pickup(int count) throws Exception {
        try (Connection submitter = database.connectOutsideThePool("floor-submitter");
                PreparedStatement insert = submitter.prepareStatement(notifyingInsert());
                Connection listener = database.connectOutsideThePool("floor-listener")) {
            try (Statement listen = listener.createStatement()) {
                listen.execute("LISTEN " + CHANNEL);
            }
            Samples samples = new Samples(count);
            for (int i = 0; i < WARM_UP + count; i++) {
                boolean timed = i >= WARM_UP;
                if (i == WARM_UP) {
                    Thread.sleep(500);
                }
                CompletableFuture<Long> claimed = claimOnNotification(listener);
                long start = System.nanoTime();
                run(insert);
                long end = claimed.get(10, TimeUnit.SECONDS);
                if (timed) {
                    samples.add(end - start);
                }
                Thread.sleep(20);
            }
            return samples;
        }
    }

    /** Waits on a thread of its own, as a worker's listener does, then claims; completes with the claim's end time. */
    private static CompletableFuture<Long> claimOnNotification(Connection listener) {
        CompletableFuture<Long> claimed = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("floor-listener").start(() -> {
            try {
                PGNotification[] notifications;
                do {
                    // 0: block in the driver until a notification arrives
                    notifications = listener.unwrap(PGConnection.class).getNotifications(0);
                } while (notifications == null || notifications.length == 0);
                int rows = 0;
                try (PreparedStatement claim = listener.prepareStatement(CLAIM);
                        ResultSet ids = claim.executeQuery()) {
                    while (ids.next()) {
                        rows++;
                    }
                }
                long end = System.nanoTime();
                if (rows != 1) {
                    throw new IllegalStateException("the floor's claim took " + rows + " jobs, expected 1");
                }
                claimed.complete(end);
            } catch (SQLException | RuntimeException e) {
                claimed.completeExceptionally(e);
            }
        });
        return claimed;
    }

    private static void run(PreparedStatement insert) throws SQLException {
        try (ResultSet notified = insert.executeQuery()) {
            if (!notified.next()) {
                throw new IllegalStateException("the floor's insert stored no job");
            }
        }
    }

    /** {@code pgbench-submit.sql}'s INSERT into the queue {@code floor}, notifying in the same statement. */
    private static String notifyingInsert() throws IOException {
        String text;
        try (InputStream in = SqlFloors.class.getResourceAsStream("/pgbench-submit.sql")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String insert = text.lines()
                .filter(line -> line.startsWith("INSERT"))
                .findFirst()
                .orElseThrow()
                .replace("'http'", "'floor'")
                .replaceAll(";\\s*$", "");
        return "WITH inserted AS (" + insert + ") SELECT pg_notify('" + CHANNEL + "', id::text) FROM inserted";
    }
}
