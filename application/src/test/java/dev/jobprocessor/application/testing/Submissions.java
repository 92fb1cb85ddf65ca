package dev.jobprocessor.application.testing;

import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.domain.DependencyRequest;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.NewJob;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/** Builds valid submissions in one line for repository tests. */
public final class Submissions {

    private final Random random;

    public Submissions(long seed) {
        this.random = new Random(seed);
    }

    /** A submission of {@code request}, created at {@code now}, with a fresh version 7 id. */
    public Submission of(JobRequest request, Instant now) {
        NewJob spec = request.validate();
        Job job = Job.create(JobId.newId(now, random), spec, now);
        return new Submission(job, spec.fingerprint());
    }

    /** A submission of {@code request} that depends on {@code parents} (docs/WORKFLOWS.md), under the request's policy. */
    public Submission dependingOn(JobRequest request, Instant now, List<JobId> parents) {
        String policy = request.graph() == null ? null : request.graph().onFailure();
        NewJob spec = request.withGraph(new DependencyRequest(
                        null, parents.stream().map(JobId::toString).toList(), policy))
                .validate();
        Job job = Job.create(JobId.newId(now, random), spec, now);
        return new Submission(job, spec.fingerprint(), parents);
    }

    public Submission ofType(String type, Instant now) {
        return of(JobRequest.ofType(type), now);
    }
}
