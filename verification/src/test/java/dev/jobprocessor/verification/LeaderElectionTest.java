package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Maintenance leadership across real processes: among three {@code api} processes on one database exactly one leads
 * (as the database's locks, every process's {@code /admin/stats} and the {@code jobs_maintenance_leader} gauges all
 * say), a {@code kill -9} of the leader is followed by exactly one new leader within a few seconds, and a graceful
 * stop hands leadership over at once.
 */
class LeaderElectionTest {

    private static final String DATABASE = "leader_election";
    private static final String LEADER_SESSIONS =
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory'"
                    + " AND l.granted AND a.application_name LIKE 'job-processor maintenance %'";
    private static final Duration TAKE_OVER = Duration.ofSeconds(5);

    @Test
    void exactlyOneProcessLeadsAndAnotherTakesOverWhenItIsKilled() {
        String url = Services.migratedDatabase(DATABASE);
        Map<String, ServiceProcess> processes = new LinkedHashMap<>();
        Map<String, Api> apis = new LinkedHashMap<>();
        try {
            for (String name : List.of("leader-a", "leader-b", "leader-c")) {
                int port = ServiceProcess.freePort();
                processes.put(name, Services.start(name, "api", url, port, Map.of("JOBS_WORKER_ID", name)));
                apis.put(name, new Api(port));
            }

            String first = awaitOneLeader(apis, TAKE_OVER);
            for (int sample = 0; sample < 20; sample++) {
                assertThat(leaders(apis)).as("sample %d", sample).containsExactly(first);
                assertThat(Suite.count(DATABASE, LEADER_SESSIONS)).isEqualTo(1);
                Api.pause(Duration.ofMillis(100));
            }

            processes.remove(first).kill9();
            apis.remove(first);
            long killedAt = System.nanoTime();
            String second = awaitOneLeader(apis, TAKE_OVER);
            double takeOver = (System.nanoTime() - killedAt) / 1e9;
            assertThat(second).isNotEqualTo(first);

            processes.get(second).terminate(Duration.ofSeconds(30));
            processes.remove(second);
            apis.remove(second);
            long stoppedAt = System.nanoTime();
            String third = awaitOneLeader(apis, TAKE_OVER);
            double handOver = (System.nanoTime() - stoppedAt) / 1e9;

            Suite.report(
                    "one maintenance leader",
                    "3 processes, one leader (" + first + ") by locks, stats and gauges; after kill -9 of it "
                            + second + " led " + String.format("%.1f", takeOver)
                            + " s later; after SIGTERM of that one "
                            + third + " led " + String.format("%.1f", handOver) + " s later");
        } finally {
            processes.values().forEach(ServiceProcess::close);
        }
    }

    /**
     * Waits until the live processes agree on one leader: the one process whose gauge is 1 is the leader every
     * {@code /admin/stats} names, and the database holds exactly one leader lock.
     */
    private static String awaitOneLeader(Map<String, Api> apis, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> last = List.of();
        while (System.nanoTime() < deadline) {
            last = leaders(apis);
            if (last.size() == 1 && Suite.count(DATABASE, LEADER_SESSIONS) == 1) {
                String leader = last.getFirst();
                boolean agreed = apis.values().stream()
                        .allMatch(api -> leader.equals(api.get("/admin/stats").text("/leader")));
                if (agreed) {
                    return leader;
                }
            }
            Api.pause(Duration.ofMillis(100));
        }
        throw new AssertionError("no single agreed leader within " + timeout + "; processes with the gauge at 1: "
                + last + ", leader locks: " + Suite.count(DATABASE, LEADER_SESSIONS));
    }

    /** The processes whose {@code jobs_maintenance_leader} gauge is 1. */
    private static List<String> leaders(Map<String, Api> apis) {
        List<String> leading = new ArrayList<>();
        apis.forEach((name, api) -> {
            boolean leads = api.text("/metrics")
                    .lines()
                    .anyMatch(line -> line.startsWith("jobs_maintenance_leader{") && line.endsWith(" 1.0"));
            if (leads) {
                leading.add(name);
            }
        });
        return leading;
    }
}
