package dev.jobprocessor.domain;

/** A rule of the job model refused a request. Each subtype maps to one stable error code of docs/SPEC.md §6. */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidTransitionException,
                LeaseLostException,
                JobValidationException,
                IdempotencyConflictException,
                SnoozeLimitReachedException,
                ScheduleConflictException {

    protected DomainException(String message) {
        super(message);
    }
}
