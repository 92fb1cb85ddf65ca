package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Schedules across real processes (docs/SCHEDULES.md): a schedule firing every second, shared by three processes, one
 * of them killed and every finished job deleted on the way, enqueues exactly one job per tick; and after every process
 * was stopped for ten ticks, {@code skip} fires nothing for the gap, {@code fire_once} one job, {@code fire_all} one per
 * missed tick.
 */
class ScheduleTest {

    private static final Map<String, String> EVERY_SECOND_ALLOWED = Map.of("JOBS_SCHEDULE_MIN_INTERVAL_SECONDS", "1");

    private static String schedule(String name, String misfire) {
        return "{\"name\":\"" + name + "\",\"cron\":\"* * * * * *\",\"misfire\":\"" + misfire
                + "\",\"job\":{\"type\":\"noop\"}}";
    }

    /** Each fired tick of {@code schedule} (from its jobs' keys) with the ids of the jobs that hold it. */
    private static Map<Instant, List<String>> ticks(String database, String schedule) {
        Map<Instant, List<String>> ticks = new TreeMap<>();
        Suite.query(
                database,
                "SELECT idempotency_key, id FROM jobs WHERE created_by = 'schedule:" + schedule + "'",
                row -> {
                    String key = row.getString(1);
                    Instant tick = Instant.parse(key.substring(key.indexOf(':', "schedule:".length()) + 1));
                    ticks.computeIfAbsent(tick, t -> new ArrayList<>()).add(row.getString(2));
                });
        return ticks;
    }

    @Test
    void threeProcessesFireEveryTickOnceThroughAKillAndThePurgeOfEveryFinishedJob() {
        String database = "schedule_exactly_once";
        String url = Services.migratedDatabase(database);
        Map<String, ServiceProcess> processes = new LinkedHashMap<>();
        try {
            List<Api> apis = new ArrayList<>();
            for (String name : List.of("fire-a", "fire-b", "fire-c")) {
                int port = ServiceProcess.freePort();
                processes.put(name, Services.start(name, "serve", url, port, EVERY_SECOND_ALLOWED));
                apis.add(new Api(port));
            }
            assertThat(apis.getFirst()
                            .post("/schedules", schedule("every-second", "fire_all"))
                            .status())
                    .isEqualTo(201);

            Api.pause(Duration.ofSeconds(20));
            processes.remove("fire-a").kill9();
            Api.pause(Duration.ofSeconds(15));
            // The finished jobs go, as retention would take them: the ticks they held must not fire again. Only jobs
            // that finished 5 s before the purge, so every job it deletes is in the snapshot taken just before it (with
            // "0", a tick fired between the two and purged at once was in neither, and looked like a missed tick).
            Map<Instant, List<String>> beforePurge = ticks(database, "every-second");
            Api.Response purged = apis.get(1)
                    .post("/admin/purge", "{\"state\":\"completed\",\"older_than\":\"5s\",\"dry_run\":false}");
            assertThat(purged.status()).as(purged.body().toString()).isEqualTo(200);
            long deleted = purged.body().get("count").asLong();
            Api.pause(Duration.ofSeconds(25));
            apis.get(1)
                    .send(java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create(apis.get(1).base() + "/schedules/every-second"))
                            .DELETE());
            Api.pause(Duration.ofSeconds(1));
            Map<Instant, List<String>> after = ticks(database, "every-second");

            Map<Instant, List<String>> all = new TreeMap<>(beforePurge);
            after.forEach((tick, ids) -> all.merge(tick, ids, (a, b) -> {
                List<String> union = new ArrayList<>(a);
                b.stream().filter(id -> !union.contains(id)).forEach(union::add);
                return union;
            }));
            Map<Instant, List<String>> twice = new HashMap<>();
            all.forEach((tick, ids) -> {
                if (ids.size() > 1) {
                    twice.put(tick, ids);
                }
            });
            Instant first = ((TreeMap<Instant, List<String>>) all).firstKey();
            Instant last = ((TreeMap<Instant, List<String>>) all).lastKey();
            long expected = Duration.between(first, last).toSeconds() + 1;

            assertThat(twice).as("ticks with more than one job").isEmpty();
            assertThat(all)
                    .as("one job for every second from the first tick to the last")
                    .hasSize((int) expected);
            assertThat(deleted)
                    .as("the purge deleted finished jobs of the schedule")
                    .isPositive();
            assertThat(expected).isBetween(50L, 70L);
            Suite.report(
                    "schedule exactly once",
                    "3 serve processes, a schedule every second for " + expected + " s: " + all.size()
                            + " jobs, one per tick, none twice, through a kill -9 of one process and the purge of "
                            + deleted + " completed jobs halfway");
        } finally {
            processes.values().forEach(ServiceProcess::close);
        }
    }

    @Test
    void afterTenTicksDownSkipFiresNoneFireOnceOneAndFireAllEach() {
        String database = "schedule_misfires";
        String url = Services.migratedDatabase(database);
        int port = ServiceProcess.freePort();
        ServiceProcess first = Services.start("misfire-1", "api", url, port, EVERY_SECOND_ALLOWED);
        ServiceProcess second = null;
        try {
            Api api = new Api(port);
            for (String policy : List.of("skip", "fire_once", "fire_all")) {
                String name = policy.replace('_', '-');
                assertThat(api.post("/schedules", schedule(name, policy)).status())
                        .isEqualTo(201);
            }
            Api.pause(Duration.ofSeconds(4));
            first.terminate(Duration.ofSeconds(30));
            Map<String, Instant> lastBeforeStop = new HashMap<>();
            for (String name : List.of("skip", "fire-once", "fire-all")) {
                lastBeforeStop.put(name, ((TreeMap<Instant, List<String>>) ticks(database, name)).lastKey());
            }
            Api.pause(Duration.ofSeconds(10));
            second = Services.start("misfire-2", "api", url, port, EVERY_SECOND_ALLOWED);
            Api.pause(Duration.ofSeconds(3));
            second.terminate(Duration.ofSeconds(30));

            // The first round after the restart fired each schedule in one transaction (its jobs share a created_at):
            // its latest tick is the on-time one, where the gap ends; any other tick it fired is a missed one.
            Map<String, Long> missed = new LinkedHashMap<>();
            Map<String, Long> caughtUp = new LinkedHashMap<>();
            StringBuilder seen = new StringBuilder();
            for (String name : List.of("skip", "fire-once", "fire-all")) {
                Instant from = lastBeforeStop.get(name);
                TreeMap<Instant, List<Instant>> roundsAfter = new TreeMap<>();
                Suite.query(
                        database,
                        "SELECT idempotency_key, created_at FROM jobs WHERE created_by = 'schedule:" + name + "'",
                        row -> {
                            String key = row.getString(1);
                            Instant tick = Instant.parse(key.substring(key.indexOf(':', "schedule:".length()) + 1));
                            if (tick.isAfter(from)) {
                                roundsAfter
                                        .computeIfAbsent(row.getTimestamp(2).toInstant(), t -> new ArrayList<>())
                                        .add(tick);
                            }
                        });
                List<Instant> firstRound =
                        roundsAfter.firstEntry().getValue().stream().sorted().toList();
                Instant back = firstRound.getLast();
                missed.put(name, Duration.between(from, back).toSeconds() - 1);
                caughtUp.put(name, (long) firstRound.size() - 1);
                seen.append(name)
                        .append(": stopped after ")
                        .append(from)
                        .append(", first round fired ")
                        .append(firstRound)
                        .append("; ");
            }

            assertThat(missed.get("skip"))
                    .as("ticks missed while stopped; " + seen)
                    .isGreaterThanOrEqualTo(10);
            assertThat(caughtUp.get("skip")).as(seen.toString()).isZero();
            assertThat(caughtUp.get("fire-once")).as(seen.toString()).isEqualTo(1);
            assertThat(caughtUp.get("fire-all")).as(seen.toString()).isEqualTo(missed.get("fire-all"));
            Suite.report(
                    "schedule misfires",
                    "every process stopped for " + missed.get("skip") + " ticks of a schedule every second: skip fired "
                            + caughtUp.get("skip") + ", fire_once " + caughtUp.get("fire-once") + ", fire_all "
                            + caughtUp.get("fire-all") + " of " + missed.get("fire-all") + " missed ticks");
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }
}
