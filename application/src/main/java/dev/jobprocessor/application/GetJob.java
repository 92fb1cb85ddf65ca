package dev.jobprocessor.application;

import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;

/** Reads one job. */
public final class GetJob {

    private final JobRepository repository;

    public GetJob(JobRepository repository) {
        this.repository = repository;
    }

    public Job get(JobId id) {
        return repository.find(id).orElseThrow(() -> new JobNotFoundException(id));
    }
}
