package dev.jobprocessor.domain;

/**
 * A schedule was created under a name that already holds a different definition (docs/SCHEDULES.md, "API"): the
 * client meant another schedule, or means to replace this one and should say so with {@code PUT}.
 */
public final class ScheduleConflictException extends DomainException {

    private final String name;

    public ScheduleConflictException(String name) {
        super("schedule '" + name + "' exists with a different definition; PUT /schedules/" + name + " replaces it");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
