package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Lease-token fencing: a worker whose lease was reaped and granted to another cannot record its late result, and the
 * new holder's result stands. (Added after a deliberate break of the token check passed every other real-process check;
 * docs/VERIFICATION_BITES.md.)
 */
class StaleLeaseTest {

    @Test
    void aLateCompletionUnderAReapedLeaseIsRefused() {
        String url = Services.migratedDatabase("stale_lease");
        int port = ServiceProcess.freePort();
        try (ServiceProcess api = Services.start("stale-api", "api", url, port, Map.of())) {
            Api client = new Api(port);
            String id = client.post("/jobs", "{\"type\":\"noop\",\"max_attempts\":3}")
                    .text("/id");

            Api.Response first = lease(client, "zombie", 1);
            String staleToken = first.text("/jobs/0/lease_token");
            // The zombie stops heartbeating; the reaper expires its 1 s lease and the job becomes due again.
            client.await("/jobs/" + id, r -> "pending".equals(r.text("/state")), Duration.ofSeconds(30));
            Api.Response second = lease(client, "rescuer", 60);
            String freshToken = second.text("/jobs/0/lease_token");
            assertThat(freshToken).isNotEqualTo(staleToken);

            Api.Response late = client.post(
                    "/jobs/" + id + "/complete",
                    "{\"lease_token\":\"" + staleToken + "\",\"result\":{\"by\":\"zombie\"}}");
            assertThat(late.status())
                    .as("late completion with the reaped token")
                    .isEqualTo(409);
            assertThat(late.text("/error/code")).isEqualTo("lease_lost");
            assertThat(client.post(
                                    "/jobs/" + id + "/complete",
                                    "{\"lease_token\":\"" + freshToken + "\",\"result\":{\"by\":\"rescuer\"}}")
                            .status())
                    .isEqualTo(200);
            assertThat(client.get("/jobs/" + id).text("/result/by")).isEqualTo("rescuer");
            assertThat(api.isAlive()).isTrue();
            Suite.report(
                    "stale lease",
                    "a completion under a reaped lease got 409 lease_lost; the new holder's result stands");
        }
    }

    private static Api.Response lease(Api client, String worker, int leaseSeconds) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Api.Response leased = client.post(
                    "/leases",
                    "{\"worker_id\":\"" + worker + "\",\"queues\":[\"default\"],\"limit\":1,\"lease_seconds\":"
                            + leaseSeconds + "," + "\"wait_seconds\":1}");
            if (leased.status() == 200 && !leased.body().get("jobs").isEmpty()) {
                return leased;
            }
        }
        throw new AssertionError(worker + " could not lease the job");
    }
}
