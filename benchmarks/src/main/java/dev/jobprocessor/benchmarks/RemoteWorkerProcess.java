package dev.jobprocessor.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The other process of the remote-worker drain: a worker that speaks only the HTTP worker protocol (docs/SPEC.md
 * §7.3), shaped as a remote worker written for throughput would be: one lease loop asking for as many jobs as it has
 * free slots (long poll), {@code concurrency} handler threads, and settlement of the finished jobs.
 *
 * <p>Arguments: host, port, concurrency. Commands on standard input, one per line: {@code drain QUEUE COUNT} runs
 * until COUNT jobs of QUEUE are settled and prints {@code drained SECONDS LEASES}; end of input ends the process.
 */
public final class RemoteWorkerProcess {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String host;
    private final int port;
    private final int concurrency;

    private RemoteWorkerProcess(String host, int port, int concurrency) {
        this.host = host;
        this.port = port;
        this.concurrency = concurrency;
    }

    public static void main(String[] args) throws Exception {
        RemoteWorkerProcess worker =
                new RemoteWorkerProcess(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] command = line.trim().split(" ");
            if (command.length != 3 || !command[0].equals("drain")) {
                throw new IllegalArgumentException("unknown command: " + line);
            }
            worker.drain(command[1], Integer.parseInt(command[2]));
        }
    }

    private record Leased(String id, String leaseToken) {}

    private void drain(String queue, int count) throws Exception {
        Semaphore freeSlots = new Semaphore(concurrency);
        BlockingQueue<Leased> toRun = new LinkedBlockingQueue<>();
        CountDownLatch settled = new CountDownLatch(count);
        long[] leases = new long[1];
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        threads.add(Thread.ofPlatform().name("lease").start(() -> leaseLoop(queue, freeSlots, toRun, settled, leases)));
        for (int i = 0; i < concurrency; i++) {
            threads.add(Thread.ofPlatform().name("handler-" + i).start(() -> handlerLoop(toRun, freeSlots, settled)));
        }
        if (!settled.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the remote worker did not settle " + count + " jobs in 10 minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Thread thread : threads) {
            thread.interrupt();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.printf(Locale.ROOT, "drained %.3f %d%n", seconds, leases[0]);
        System.out.flush();
    }

    private void leaseLoop(
            String queue, Semaphore freeSlots, BlockingQueue<Leased> toRun, CountDownLatch settled, long[] leases) {
        try (PlainHttpClient client = new PlainHttpClient(host, port)) {
            while (settled.getCount() > 0 && !Thread.currentThread().isInterrupted()) {
                freeSlots.acquire();
                int limit = 1 + freeSlots.drainPermits();
                String body = "{\"worker_id\":\"remote-bench\",\"queues\":[\"" + queue + "\"],\"limit\":" + limit
                        + ",\"lease_seconds\":30,\"wait_seconds\":1}";
                PlainHttpClient.Response answer = client.post("/leases", body);
                if (answer.status() != 200) {
                    throw new IllegalStateException("lease answered " + answer.status() + ": " + answer.body());
                }
                JsonNode jobs = JSON.readTree(answer.body()).get("jobs");
                leases[0]++;
                for (JsonNode job : jobs) {
                    toRun.add(new Leased(
                            job.get("id").asText(), job.get("lease_token").asText()));
                }
                freeSlots.release(limit - jobs.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Runs each job (a no-op) and completes it, one request per job: the protocol has no batch completion yet. */
    private void handlerLoop(BlockingQueue<Leased> toRun, Semaphore freeSlots, CountDownLatch settled) {
        try (PlainHttpClient client = new PlainHttpClient(host, port)) {
            while (true) {
                Leased job = toRun.take();
                PlainHttpClient.Response answer = client.post(
                        "/jobs/" + job.id() + "/complete", "{\"lease_token\":\"" + job.leaseToken() + "\"}");
                if (answer.status() != 200) {
                    throw new IllegalStateException("complete answered " + answer.status() + ": " + answer.body());
                }
                settled.countDown();
                freeSlots.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
