package dev.jobprocessor.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobprocessor.application.worker.WorkerSettings;
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
 * free slots plus the embedded worker's default prefetch (long poll), {@code concurrency} handler threads, and one settle loop completing the finished jobs in
 * batches ({@code POST /leases/complete}).
 *
 * <p>Arguments: host, port, concurrency. Commands on standard input, one per line: {@code drain QUEUE COUNT} runs
 * until COUNT jobs of QUEUE are settled and prints {@code drained SECONDS LEASES COMPLETION_BATCHES}; end of input
 * ends the process.
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
        // Slots plus a prefetch buffer, as the embedded worker holds by default (WorkerSettings.defaultPrefetch).
        Semaphore freeSlots = new Semaphore(concurrency + WorkerSettings.defaultPrefetch(concurrency));
        BlockingQueue<Leased> toRun = new LinkedBlockingQueue<>();
        CountDownLatch settled = new CountDownLatch(count);
        BlockingQueue<Leased> finished = new LinkedBlockingQueue<>();
        long[] leases = new long[1];
        long[] batches = new long[1];
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        threads.add(Thread.ofPlatform().name("lease").start(() -> leaseLoop(queue, freeSlots, toRun, settled, leases)));
        threads.add(Thread.ofPlatform().name("settle").start(() -> settleLoop(finished, freeSlots, settled, batches)));
        for (int i = 0; i < concurrency; i++) {
            threads.add(Thread.ofPlatform().name("handler-" + i).start(() -> handlerLoop(toRun, finished)));
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
        System.out.printf(Locale.ROOT, "drained %.3f %d %d%n", seconds, leases[0], batches[0]);
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

    /** Runs each job (a no-op) and hands it to the settle loop; its slot frees when the completion is recorded. */
    private static void handlerLoop(BlockingQueue<Leased> toRun, BlockingQueue<Leased> finished) {
        try {
            while (true) {
                finished.add(toRun.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Completes the finished jobs in batches ({@code POST /leases/complete}): whatever finished while the previous
     * batch was in flight goes in the next one.
     */
    private void settleLoop(
            BlockingQueue<Leased> finished, Semaphore freeSlots, CountDownLatch settled, long[] batches) {
        try (PlainHttpClient client = new PlainHttpClient(host, port)) {
            List<Leased> batch = new ArrayList<>();
            while (true) {
                batch.add(finished.take());
                finished.drainTo(batch, 999);
                StringBuilder body = new StringBuilder("{\"jobs\":[");
                for (int i = 0; i < batch.size(); i++) {
                    body.append(i == 0 ? "" : ",")
                            .append("{\"id\":\"")
                            .append(batch.get(i).id())
                            .append("\",\"lease_token\":\"")
                            .append(batch.get(i).leaseToken())
                            .append("\"}");
                }
                PlainHttpClient.Response answer =
                        client.post("/leases/complete", body.append("]}").toString());
                if (answer.status() != 200) {
                    throw new IllegalStateException("complete answered " + answer.status() + ": " + answer.body());
                }
                for (JsonNode result : JSON.readTree(answer.body()).get("results")) {
                    if (result.get("status").asInt() != 200) {
                        throw new IllegalStateException("a completion was refused: " + result);
                    }
                    settled.countDown();
                }
                batches[0]++;
                freeSlots.release(batch.size());
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException(e);
            }
        }
    }
}
