package dev.jobprocessor.adapters.http.archfixture;

import dev.jobprocessor.application.GetJob;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;

/**
 * Good: the HTTP adapter drives a use case over a port and domain types, along the arrows docs/architecture.puml
 * draws from the HTTP adapter to the application, the ports and the domain.
 */
public final class HttpCallingAUseCase {

    private HttpCallingAUseCase() {}

    public static Job find(JobRepository repository, String id) {
        return new GetJob(repository).get(JobId.parse(id));
    }
}
