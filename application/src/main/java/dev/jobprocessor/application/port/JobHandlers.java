package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.JobLimits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The handlers a worker can run, by job type. Immutable; build one with {@link #builder()}. */
public final class JobHandlers {

    private final Map<String, ContextJobHandler> byType;

    private JobHandlers(Map<String, ContextJobHandler> byType) {
        this.byType = Map.copyOf(byType);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The handler of {@code type}, as one that receives its attempt's {@link JobContext}. */
    public Optional<ContextJobHandler> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** The types a worker should claim: it never takes a job it has no handler for. */
    public Set<String> types() {
        return byType.keySet();
    }

    /** Collects handlers; a type registered twice is a wiring mistake and fails at once. */
    public static final class Builder {
        private final Map<String, ContextJobHandler> byType = new LinkedHashMap<>();

        private Builder() {}

        public Builder register(String type, JobHandler handler) {
            java.util.Objects.requireNonNull(handler, "handler");
            return registerWithContext(type, (job, context) -> handler.handle(job));
        }

        /** Registers a handler that wants to see a cancel request of its running job (docs/QUEUE_CONTROL.md). */
        public Builder register(String type, CancellableJobHandler handler) {
            java.util.Objects.requireNonNull(handler, "handler");
            return registerWithContext(type, handler::handle);
        }

        /**
         * Registers a handler that receives its attempt's {@link JobContext}: the cancel request, and the jobs it
         * depends on with their results (docs/WORKFLOWS.md).
         */
        public Builder registerWithContext(String type, ContextJobHandler handler) {
            if (type == null || !JobLimits.TYPE_PATTERN.matcher(type).matches()) {
                throw new IllegalArgumentException("not a valid job type: " + type);
            }
            if (byType.putIfAbsent(type, java.util.Objects.requireNonNull(handler, "handler")) != null) {
                throw new IllegalArgumentException("a handler for type '" + type + "' is already registered");
            }
            return this;
        }

        public JobHandlers build() {
            return new JobHandlers(byType);
        }
    }
}
