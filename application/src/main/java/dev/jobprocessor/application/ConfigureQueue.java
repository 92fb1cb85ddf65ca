package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.QueueRepository;
import dev.jobprocessor.domain.CallbackUrl;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.Queue;
import dev.jobprocessor.domain.QueueChange;
import dev.jobprocessor.domain.Setting;
import dev.jobprocessor.domain.WebhookSecret;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code PATCH /queues/{name}}, {@code POST /queues/{name}/pause} and {@code /resume}: changes a queue's settings,
 * creating its record when the queue has never had a job, and answers the queue as it now is.
 */
public final class ConfigureQueue {

    private final QueueRepository queues;
    private final ListQueues list;
    private final Clock clock;
    private final CallbackPolicy callbacks;

    /** Without webhooks: a queue's {@code callback_url} is refused (docs/WEBHOOKS.md). */
    public ConfigureQueue(QueueRepository queues, ListQueues list, Clock clock) {
        this(queues, list, clock, CallbackPolicy.off());
    }

    /** {@code callbacks} judges a queue's default {@code callback_url} and learns of each change of its settings. */
    public ConfigureQueue(QueueRepository queues, ListQueues list, Clock clock, CallbackPolicy callbacks) {
        this.queues = Objects.requireNonNull(queues, "queues");
        this.list = Objects.requireNonNull(list, "list");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
    }

    /**
     * {@code actor} is who asked: the token's name, or {@code anonymous} with authentication off. A default
     * {@code callback_url} must pass the destination rule and be signed by a secret: the service's, or the queue's own
     * (set before or in this change).
     */
    public QueueStatus change(String name, QueueChange change, String actor) {
        if (change.callbackUrl() instanceof Setting.To<CallbackUrl>(CallbackUrl url)) {
            List<FieldProblem> problems = new ArrayList<>();
            callbacks.checkDestination(url, "callback_url", problems);
            boolean secretComing = change.webhookSecret() instanceof Setting.To<WebhookSecret>;
            if (problems.isEmpty() && !secretComing && !callbacks.signs(name)) {
                problems.add(new FieldProblem(
                        "callback_url",
                        "needs a secret to sign its webhooks: set JOBS_WEBHOOK_SECRET or send webhook_secret"));
            }
            if (!problems.isEmpty()) {
                throw new JobValidationException(problems);
            }
        }
        Queue changed = queues.change(name, change, clock.now(), actor);
        if (callbacks.queues() != null) {
            callbacks.queues().changed(changed);
        }
        return list.withCounts(List.of(changed)).getFirst();
    }
}
