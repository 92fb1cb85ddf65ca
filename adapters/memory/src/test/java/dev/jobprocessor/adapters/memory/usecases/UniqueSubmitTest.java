package dev.jobprocessor.adapters.memory.usecases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.adapters.memory.InMemoryJobRepository;
import dev.jobprocessor.application.ObservedJobRepository;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.testing.SettableClock;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.UniqueRequest;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The submits an earlier unique job keeps out are told to the duplicate observer, with the job that kept them out. */
class UniqueSubmitTest {

    @Test
    void aDuplicateIsToldWithTheJobThatKeptItOutAndACreatedJobIsNot() {
        List<Job> told = new CopyOnWriteArrayList<>();
        ObservedJobRepository store =
                new ObservedJobRepository(new InMemoryJobRepository(new Random(1)), steps -> {}, told::addAll);
        SubmitJob submit = new SubmitJob(store, new SettableClock(), new Random(2));
        JobRequest unique = JobRequest.ofType("rebuild").withUnique(UniqueRequest.identical());

        Enqueued first = submit.submit(unique);
        Enqueued second = submit.submit(unique);
        List<Enqueued> batch = submit.submitAll(List.of(unique, JobRequest.ofType("other")));

        assertThat(second.duplicate()).isTrue();
        assertThat(batch.get(0).duplicate()).isTrue();
        assertThat(told)
                .extracting(Job::id)
                .containsExactly(first.job().id(), first.job().id());
    }
}
