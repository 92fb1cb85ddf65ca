package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Dependency;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.WebhookOutbox;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.webhook.WebhookDelivery;
import java.util.List;

/** Reads one job. */
public final class GetJob {

    private final JobRepository repository;
    private final WebhookOutbox webhooks;

    /** Without webhooks: no job has deliveries. */
    public GetJob(JobRepository repository) {
        this(repository, null);
    }

    /** {@code webhooks} keeps the deliveries of jobs with a callback URL (docs/WEBHOOKS.md). */
    public GetJob(JobRepository repository, WebhookOutbox webhooks) {
        this.repository = repository;
        this.webhooks = webhooks;
    }

    public Job get(JobId id) {
        return repository.find(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    /**
     * The jobs {@code id} depends on, with their states and results now, in the order its submit named them; empty for
     * a job that depends on none (docs/WORKFLOWS.md).
     */
    public List<Dependency> dependencies(JobId id) {
        return repository.dependenciesOf(id);
    }

    /** The webhook deliveries of job {@code id} with their attempts, oldest first; empty for none. */
    public List<WebhookDelivery> webhooks(JobId id) {
        return webhooks == null ? List.of() : webhooks.deliveriesOf(id);
    }
}
