package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cancelling running jobs (docs/QUEUE_CONTROL.md): an embedded handler is stopped, a remote worker hears of it in its
 * heartbeat answer, and a remote worker that never calls again loses its job to {@code cancelled} when the lease runs
 * out, never to a retry.
 */
class CancelRunningTest {

    private static final Duration WITHIN = Duration.ofSeconds(2);

    @Test
    void aRunningSleepJobCancelledThroughTheApiEndsCancelledAndItsHandlerStops() {
        String url = Services.migratedDatabase("cancel_embedded");
        int port = ServiceProcess.freePort();
        try (ServiceProcess serve =
                Services.start("cancel-serve", "serve", url, port, Map.of("JOBS_WORKER_CONCURRENCY", "1"))) {
            int logBefore = serve.output().length();
            Api api = new Api(port);
            String id = api.post("/jobs", "{\"type\":\"sleep\",\"payload\":{\"ms\":600000},\"max_attempts\":3}")
                    .text("/id");
            api.await("/jobs/" + id, r -> "running".equals(r.text("/state")), Duration.ofSeconds(30));

            long asked = System.nanoTime();
            Api.Response requested = api.post("/jobs/" + id + "/cancel", "");
            assertThat(requested.status()).isEqualTo(202);
            assertThat(requested.body().get("cancel_requested").asBoolean()).isTrue();
            Api.Response cancelled =
                    api.await("/jobs/" + id, r -> "cancelled".equals(r.text("/state")), Duration.ofSeconds(30));
            double seconds = (System.nanoTime() - asked) / 1e9;

            // With one slot, a noop can only run once the sleep's handler has let go of it.
            long submitted = System.nanoTime();
            String noop = api.post("/jobs", "{\"type\":\"noop\"}").text("/id");
            api.await("/jobs/" + noop, r -> "completed".equals(r.text("/state")), Duration.ofSeconds(30));
            double noopSeconds = (System.nanoTime() - submitted) / 1e9;

            assertThat(seconds).as("cancelled within %s", WITHIN).isLessThanOrEqualTo(WITHIN.toMillis() / 1000.0);
            assertThat(cancelled.body().get("result").isNull()).isTrue();
            assertThat(cancelled.body().get("errors")).isEmpty();
            assertThat(noopSeconds).isLessThan(5);
            assertThat(serve.output().substring(logBefore)).contains("stopped 1 cancelled job(s)");
            Api.pause(Duration.ofSeconds(1));
            assertThat(api.get("/jobs/" + id).text("/state"))
                    .as("never retried")
                    .isEqualTo("cancelled");
            assertThat(serve.isAlive()).isTrue();
            Suite.report(
                    "cancel running (embedded)",
                    String.format(
                            "a running 600 s sleep ended cancelled %.2f s after POST /cancel (202); its handler stopped:"
                                    + " with concurrency 1 a noop submitted next completed in %.2f s",
                            seconds, noopSeconds));
        }
    }

    @Test
    void aRemoteWorkerHearsOfTheCancelInItsHeartbeatAndItsReportEndsTheJobCancelled() {
        String url = Services.migratedDatabase("cancel_remote");
        int port = ServiceProcess.freePort();
        try (ServiceProcess apiProcess = Services.start("cancel-remote-api", "api", url, port, Map.of())) {
            Api api = new Api(port);
            String id = api.post("/jobs", "{\"type\":\"report.build\"}").text("/id");
            Api.Response leased = api.post(
                    "/leases",
                    "{\"worker_id\":\"remote-1\",\"queues\":[\"default\"],\"limit\":1,\"lease_seconds\":60}");
            String token = leased.text("/jobs/0/lease_token");
            assertThat(leased.text("/jobs/0/id")).isEqualTo(id);

            long asked = System.nanoTime();
            assertThat(api.post("/jobs/" + id + "/cancel", "").status()).isEqualTo(202);
            // The worker heartbeats every 250 ms, as a well-behaved one does, and stops when the answer says so.
            int beats = 0;
            Api.Response beat;
            do {
                Api.pause(Duration.ofMillis(250));
                beat = api.post("/jobs/" + id + "/heartbeat", "{\"lease_token\":\"" + token + "\"}");
                assertThat(beat.status()).isEqualTo(200);
                beats++;
            } while (!beat.body().get("cancel_requested").asBoolean() && beats < 40);
            Api.Response report = api.post(
                    "/jobs/" + id + "/complete", "{\"lease_token\":\"" + token + "\",\"result\":{\"rows\":1}}");
            double seconds = (System.nanoTime() - asked) / 1e9;

            assertThat(beat.body().get("cancel_requested").asBoolean()).isTrue();
            assertThat(report.status()).isEqualTo(200);
            assertThat(report.text("/state")).isEqualTo("cancelled");
            assertThat(report.body().get("result").isNull())
                    .as("its late result is not stored")
                    .isTrue();
            assertThat(seconds).isLessThanOrEqualTo(WITHIN.toMillis() / 1000.0);
            assertThat(api.get("/jobs/" + id).text("/state")).isEqualTo("cancelled");
            assertThat(apiProcess.isAlive()).isTrue();
            Suite.report(
                    "cancel running (remote worker)",
                    String.format(
                            "the first heartbeat after POST /cancel answered cancel_requested=true (%d beat(s));"
                                    + " the worker's completion then ended the job cancelled, result not stored,"
                                    + " %.2f s after the cancel",
                            beats, seconds));
        }
    }

    @Test
    void aRemoteWorkerThatNeverCallsAgainLosesItsJobToCancelledAtLeaseExpiry() {
        String url = Services.migratedDatabase("cancel_silent");
        int port = ServiceProcess.freePort();
        try (ServiceProcess apiProcess = Services.start("cancel-silent-api", "api", url, port, Map.of())) {
            Api api = new Api(port);
            String id = api.post("/jobs", "{\"type\":\"report.build\",\"max_attempts\":5}")
                    .text("/id");
            Api.Response leased = api.post(
                    "/leases", "{\"worker_id\":\"silent\",\"queues\":[\"default\"],\"limit\":1,\"lease_seconds\":3}");
            assertThat(leased.text("/jobs/0/id")).isEqualTo(id);
            String leaseEnd = leased.text("/jobs/0/lease_expires_at");

            assertThat(api.post("/jobs/" + id + "/cancel", "").status()).isEqualTo(202);
            long asked = System.nanoTime();
            Api.Response cancelled =
                    api.await("/jobs/" + id, r -> "cancelled".equals(r.text("/state")), Duration.ofSeconds(30));
            double seconds = (System.nanoTime() - asked) / 1e9;
            Api.pause(Duration.ofSeconds(2));
            Api.Response later = api.get("/jobs/" + id);

            assertThat(cancelled.body().get("errors")).as("not a failure").isEmpty();
            assertThat(cancelled.body().get("attempts").asInt()).isEqualTo(1);
            assertThat(later.text("/state")).as("never retried").isEqualTo("cancelled");
            assertThat(Suite.count("cancel_silent", "SELECT count(*) FROM jobs WHERE state <> 'cancelled'"))
                    .isZero();
            assertThat(apiProcess.isAlive()).isTrue();
            Suite.report(
                    "cancel running (silent worker)",
                    String.format(
                            "a worker that never called again after the cancel: its job ended cancelled at lease expiry"
                                    + " (%s), %.2f s after the request, 0 errors, still cancelled 2 s later",
                            leaseEnd, seconds));
        }
    }
}
