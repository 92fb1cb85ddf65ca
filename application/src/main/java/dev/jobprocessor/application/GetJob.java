package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Dependency;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import java.util.List;

/** Reads one job. */
public final class GetJob {

    private final JobRepository repository;

    public GetJob(JobRepository repository) {
        this.repository = repository;
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
}
