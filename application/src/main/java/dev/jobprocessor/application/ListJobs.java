package dev.jobprocessor.application;

import dev.jobprocessor.application.port.JobPage;
import dev.jobprocessor.application.port.JobQuery;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.JobValidationException;
import java.util.List;

/** Lists jobs newest first, filtered by state, type and queue, a page at a time. */
public final class ListJobs {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    private final JobRepository repository;

    public ListJobs(JobRepository repository) {
        this.repository = repository;
    }

    public JobPage list(JobQuery query) {
        if (query.limit() > MAX_LIMIT) {
            throw new JobValidationException(List.of(new FieldProblem("limit", "must be between 1 and " + MAX_LIMIT)));
        }
        return repository.list(query);
    }
}
