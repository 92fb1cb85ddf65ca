package dev.jobprocessor.application;

import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.Step;
import java.util.List;
import java.util.function.Function;

/** Applies one transition and turns its outcome into a job or the exception a caller of one job expects. */
final class SingleChange {

    private SingleChange() {}

    static Job apply(JobRepository repository, JobId id, Function<Job, Step> transition) {
        List<ChangeOutcome> outcomes = repository.apply(List.of(new JobChange(id, transition)));
        return unwrap(outcomes.getFirst());
    }

    /** As {@link #apply}, with the name of the transition the store made. */
    static Step applyNamed(JobRepository repository, JobId id, Function<Job, Step> transition) {
        ChangeOutcome outcome =
                repository.apply(List.of(new JobChange(id, transition))).getFirst();
        Job after = unwrap(outcome);
        return new Step(((ChangeOutcome.Applied) outcome).transition(), after);
    }

    static Job unwrap(ChangeOutcome outcome) {
        return switch (outcome) {
            case ChangeOutcome.Applied applied -> applied.after();
            case ChangeOutcome.Rejected rejected -> throw rejected.reason();
            case ChangeOutcome.Missing missing -> throw new JobNotFoundException(missing.id());
        };
    }
}
