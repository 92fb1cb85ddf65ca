package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.NewJob;
import dev.jobprocessor.domain.schedule.Schedule;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * The jobs a schedule enqueues: its template, created by {@code schedule:<name>}, with the idempotency key of the
 * tick (one job per tick, whoever fires it) or none for a manual trigger.
 */
final class ScheduleJobs {

    private final RandomGenerator random;

    ScheduleJobs(RandomGenerator random) {
        this.random = random;
    }

    /** The job for the tick at {@code fireTime}, created at {@code now}: due at once, even for a missed tick. */
    Submission forTick(Schedule schedule, Instant fireTime, Instant now) {
        return submission(schedule, schedule.keyFor(fireTime), now);
    }

    /** The job of a manual trigger. */
    Submission triggered(Schedule schedule, Instant now) {
        return submission(schedule, null, now);
    }

    private Submission submission(Schedule schedule, String key, Instant now) {
        NewJob template = schedule.definition().job();
        NewJob spec = new NewJob(
                template.type(),
                template.queue(),
                template.payload(),
                template.priority(),
                null,
                template.maxAttempts(),
                template.timeoutSeconds(),
                key,
                template.concurrencyKey(),
                template.unique());
        Job job = Job.create(JobId.newId(now, random), spec, now, "schedule:" + schedule.name());
        return new Submission(job, spec.fingerprint());
    }
}
