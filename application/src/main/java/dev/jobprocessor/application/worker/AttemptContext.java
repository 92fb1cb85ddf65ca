package dev.jobprocessor.application.worker;

import dev.jobprocessor.application.port.CancelSignal;
import dev.jobprocessor.application.port.Dependency;
import dev.jobprocessor.application.port.JobContext;
import dev.jobprocessor.domain.JobId;
import java.util.List;
import java.util.function.Function;

/**
 * An attempt's {@link JobContext}: the attempt's own cancel signal, and the job's parents read from the store the first
 * time the handler asks (most handlers never do, and most jobs have none).
 */
final class AttemptContext implements JobContext {

    private final CancelSignal cancel;
    private final JobId job;
    private final Function<JobId, List<Dependency>> reader;
    private List<Dependency> dependencies;

    AttemptContext(CancelSignal cancel, JobId job, Function<JobId, List<Dependency>> reader) {
        this.cancel = cancel;
        this.job = job;
        this.reader = reader;
    }

    @Override
    public boolean isCancelRequested() {
        return cancel.isCancelRequested();
    }

    /** Read once; a handler runs on one thread, so no lock is needed. */
    @Override
    public List<Dependency> dependencies() {
        if (dependencies == null) {
            dependencies = List.copyOf(reader.apply(job));
        }
        return dependencies;
    }
}
