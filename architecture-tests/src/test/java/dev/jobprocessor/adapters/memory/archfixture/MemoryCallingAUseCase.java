package dev.jobprocessor.adapters.memory.archfixture;

import dev.jobprocessor.application.GetJob;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;

/**
 * Bad for the diagram alone: the memory adapter drives a use case. The module rules let an adapter use the
 * application module, but docs/architecture.puml draws that arrow for the HTTP adapter only; a store implements the
 * ports and calls nothing above them.
 */
public final class MemoryCallingAUseCase {

    private MemoryCallingAUseCase() {}

    public static Job find(GetJob getJob, JobId id) {
        return getJob.get(id);
    }
}
