package dev.jobprocessor.client.worker;

import dev.jobprocessor.client.JobsException;
import dev.jobprocessor.client.LeaseResult;
import dev.jobprocessor.client.LeasedJob;
import dev.jobprocessor.client.Leases;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sends settled attempts' outcomes from one thread, as many as are waiting in one request per kind: the completions in
 * one {@code POST /leases/complete}, the failures in one {@code /leases/fail}, the hand-backs in one
 * {@code /leases/release}; snoozes, which have no batch call, one by one. While handlers finish faster than a round
 * trip, reports pile up behind the request in flight and leave together in the next. An outcome the service could not
 * be reached for is sent again in the next round; the job stays held and heartbeated meanwhile.
 */
final class Settlements {

    private static final System.Logger LOG = System.getLogger(Settlements.class.getName());
    private static final Duration PAUSE_AFTER_OUTAGE = Duration.ofMillis(500);
    private static final Duration WAKE_UP = Duration.ofMillis(100);

    /** One outcome to send. */
    sealed interface Report {
        Attempt attempt();

        record Complete(Attempt attempt, HandlerResult.Success success) implements Report {}

        record Fail(Attempt attempt, String error, boolean retryable) implements Report {}

        record Snooze(Attempt attempt, HandlerResult.Snooze snooze) implements Report {}

        record HandBack(Attempt attempt) implements Report {}
    }

    private final Leases leases;
    private final String workerId;
    private final Consumer<String> answered;
    private final LinkedBlockingDeque<Report> waiting = new LinkedBlockingDeque<>();
    private final Thread sender;
    private volatile boolean closing;

    /** {@code answered} hears each job id whose report the service answered, however: the job is no longer held. */
    Settlements(Leases leases, String workerId, Consumer<String> answered) {
        this.leases = leases;
        this.workerId = workerId;
        this.answered = answered;
        this.sender = Thread.ofPlatform()
                .name("remote-worker-" + workerId + "-settle")
                .daemon()
                .unstarted(this::sendUntilClosed);
    }

    void start() {
        sender.start();
    }

    void add(Report report) {
        waiting.add(report);
    }

    /** Sends what is waiting (once more, whatever the service answers) and stops; waits at most {@code patience}. */
    void close(Duration patience) throws InterruptedException {
        closing = true;
        sender.join(patience);
        List<Report> unsent = new ArrayList<>();
        waiting.drainTo(unsent);
        if (!unsent.isEmpty()) {
            LOG.log(
                    Level.WARNING,
                    "remote worker {0}: {1} outcome(s) could not be reported; their leases run out and the jobs run"
                            + " again",
                    workerId,
                    unsent.size());
        }
    }

    private void sendUntilClosed() {
        while (!closing) {
            List<Report> round = new ArrayList<>();
            try {
                Report first = waiting.poll(WAKE_UP.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                round.add(first);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            waiting.drainTo(round);
            List<Report> left = send(round);
            if (!left.isEmpty()) {
                left.reversed().forEach(waiting::addFirst);
                pause();
            }
        }
        // Closing: what is waiting now is sent once more; a snooze refused at its limit may add a failure to send.
        for (int round = 0; round < 2 && !waiting.isEmpty(); round++) {
            List<Report> last = new ArrayList<>();
            waiting.drainTo(last);
            send(last).reversed().forEach(waiting::addFirst);
        }
    }

    /** Sends one round; answers what is left to send again because the service could not be reached. */
    private List<Report> send(List<Report> round) {
        List<Report.Complete> completions = new ArrayList<>();
        List<Report.Fail> failures = new ArrayList<>();
        List<Report.HandBack> handBacks = new ArrayList<>();
        List<Report.Snooze> snoozes = new ArrayList<>();
        for (Report report : round) {
            switch (report) {
                case Report.Complete complete -> completions.add(complete);
                case Report.Fail fail -> failures.add(fail);
                case Report.HandBack handBack -> handBacks.add(handBack);
                case Report.Snooze snooze -> snoozes.add(snooze);
            }
        }
        try {
            if (!completions.isEmpty()) {
                note(
                        "complete",
                        leases.complete(completions.stream()
                                .map(c -> new Leases.Completion(
                                        c.attempt().leased(), c.success().result()))
                                .toList()));
                completions.clear();
            }
            if (!failures.isEmpty()) {
                note(
                        "fail",
                        leases.fail(failures.stream()
                                .map(f -> new Leases.FailureReport(f.attempt().leased(), f.error(), f.retryable()))
                                .toList()));
                failures.clear();
            }
            if (!handBacks.isEmpty()) {
                note(
                        "release",
                        leases.release(handBacks.stream()
                                .map(h -> h.attempt().leased())
                                .toList()));
                handBacks.clear();
            }
            while (!snoozes.isEmpty()) {
                snooze(snoozes.getFirst());
                snoozes.removeFirst();
            }
            return List.of();
        } catch (JobsException.Unreachable | JobsException.Unavailable | UncheckedIOException e) {
            LOG.log(Level.WARNING, "remote worker {0}: reporting outcomes failed, will try again: {1}", workerId, e);
            // The kinds go in order and each list is cleared once answered: what is still in them was not.
            List<Report> left = new ArrayList<>(completions);
            left.addAll(failures);
            left.addAll(handBacks);
            left.addAll(snoozes);
            return left;
        } catch (JobsException e) {
            // Refused as a whole (400, 401, 403): sending it again would be refused again; the leases run out.
            LOG.log(Level.ERROR, "remote worker {0}: the service refused a report of outcomes: {1}", workerId, e);
            round.forEach(report -> answered.accept(report.attempt().leased().id()));
            return List.of();
        }
    }

    private void snooze(Report.Snooze report) {
        LeasedJob job = report.attempt().leased();
        try {
            leases.snooze(job, report.snooze().delay());
        } catch (JobsException.LeaseLost | JobsException.NotFound e) {
            LOG.log(Level.DEBUG, "remote worker {0}: job {1} was no longer ours to snooze", workerId, job.id());
        } catch (JobsException.Failed e) {
            if (!"snooze_limit_reached".equals(e.code())) {
                throw e;
            }
            // The service refused and left the job running under our lease: a failed attempt keeps it moving.
            waiting.addFirst(new Report.Fail(report.attempt(), e.getMessage(), true));
            return;
        }
        answered.accept(job.id());
    }

    private void note(String call, List<LeaseResult> results) {
        for (LeaseResult result : results) {
            if (!result.succeeded()) {
                LOG.log(
                        Level.DEBUG,
                        "remote worker {0}: {1} of job {2} answered {3}; dropped",
                        workerId,
                        call,
                        result.id(),
                        result.errorCode().orElse(String.valueOf(result.status())));
            }
            answered.accept(result.id());
        }
    }

    private void pause() {
        try {
            Thread.sleep(PAUSE_AFTER_OUTAGE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
