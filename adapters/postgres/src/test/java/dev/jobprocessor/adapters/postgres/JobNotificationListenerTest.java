package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.testing.SettableClock;
import dev.jobprocessor.domain.JobRequest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JobNotificationListenerTest {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    private final SubmitJob submit =
            new SubmitJob(new PostgresJobRepository(SCHEMA.dataSource()), new SettableClock(), new SecureRandom());

    /** Waits for {@code queue} to be announced, skipping announcements for other queues or other tests. */
    private boolean hears(String queue) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String next = heard.poll(100, TimeUnit.MILLISECONDS);
            if (queue.equals(next)) {
                return true;
            }
        }
        return false;
    }

    private String uniqueQueue(String prefix) {
        return prefix + "-" + Long.toHexString(new Random().nextLong() & 0xFFFFFFFFL);
    }

    @Test
    void announcesEachQueueThatReceivedJobsOncePerEnqueue() throws Exception {
        try (JobNotificationListener listener = new JobNotificationListener(SCHEMA.dataSource(), heard::add)) {
            assertThat(hears(JobNotificationListener.ANY_QUEUE))
                    .as("announces its connection")
                    .isTrue();
            assertThat(listener.backendPid()).isPositive();
            String mail = uniqueQueue("mail");
            String reports = uniqueQueue("reports");

            submit.submitAll(List.of(
                    JobRequest.ofType("email").withQueue(mail),
                    JobRequest.ofType("email").withQueue(mail),
                    JobRequest.ofType("report").withQueue(reports)));

            assertThat(hears(mail)).isTrue();
            assertThat(hears(reports)).isTrue();
            heard.clear();
            assertThat(heard.poll(300, TimeUnit.MILLISECONDS))
                    .as("one notification per queue per statement")
                    .isNotEqualTo(mail);

            // Jobs with keys take the other path: a transaction, then the NOTIFY after its commit.
            String keyed = uniqueQueue("keyed");
            submit.submitAll(List.of(
                    JobRequest.ofType("email").withQueue(keyed).withIdempotencyKey("k-" + keyed),
                    JobRequest.ofType("email").withQueue(keyed)));
            assertThat(hears(keyed)).isTrue();
        }
    }

    @Test
    void reconnectsByItselfWhenItsConnectionIsKilled() throws Exception {
        try (JobNotificationListener listener = new JobNotificationListener(SCHEMA.dataSource(), heard::add)) {
            assertThat(hears(JobNotificationListener.ANY_QUEUE)).isTrue();
            int firstPid = listener.backendPid();
            assertThat(firstPid).isPositive();

            try (Connection connection = SCHEMA.dataSource().getConnection();
                    PreparedStatement kill = connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
                kill.setInt(1, firstPid);
                kill.execute();
            }

            assertThat(hears(JobNotificationListener.ANY_QUEUE))
                    .as("announces its reconnection")
                    .isTrue();
            assertThat(listener.backendPid()).isPositive().isNotEqualTo(firstPid);
            String queue = uniqueQueue("after-restart");
            submit.submit(JobRequest.ofType("noop").withQueue(queue));
            assertThat(hears(queue)).isTrue();
        }
    }

    /**
     * A partition: the listening connection goes silent without being closed. The probe notices within its interval and
     * time-out, and the listener listens again on a new connection (docs/HIGH_AVAILABILITY.md).
     */
    @Test
    void noticesASilentlyDeadConnectionAndListensAgain() throws Exception {
        java.util.regex.Matcher url = java.util.regex.Pattern.compile(
                        "jdbc:postgresql://([^:/]+):(\\d+)/([^?]*)(\\?.*)?")
                .matcher(TestDatabaseServer.settings().url());
        assertThat(url.matches()).as(TestDatabaseServer.settings().url()).isTrue();
        try (FreezingProxy proxy = new FreezingProxy(url.group(1), Integer.parseInt(url.group(2)));
                com.zaxxer.hikari.HikariDataSource throughProxy = ConnectionPool.create(
                        new DatabaseSettings(
                                        "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + url.group(3)
                                                + (url.group(4) == null ? "" : url.group(4)),
                                        TestDatabaseServer.settings().user(),
                                        TestDatabaseServer.settings().password(),
                                        2,
                                        java.time.Duration.ofSeconds(5),
                                        null)
                                .withSchema(SCHEMA.schema()),
                        "through-proxy");
                JobNotificationListener listener = new JobNotificationListener(throughProxy, heard::add)) {
            assertThat(hears(JobNotificationListener.ANY_QUEUE)).isTrue();
            int firstPid = listener.backendPid();

            proxy.freezeExisting();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (listener.backendPid() == firstPid || listener.backendPid() == 0) {
                assertThat(System.nanoTime())
                        .as("a new listening connection within 30 s of the partition")
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(hears(JobNotificationListener.ANY_QUEUE))
                    .as("announces its reconnection")
                    .isTrue();
            String queue = uniqueQueue("after-partition");
            submit.submit(JobRequest.ofType("noop").withQueue(queue));
            assertThat(hears(queue)).isTrue();
        }
    }
}
