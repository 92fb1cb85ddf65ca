package dev.jobprocessor.application;

/** No schedule has the requested name. */
public final class ScheduleNotFoundException extends RuntimeException {

    private final String name;

    public ScheduleNotFoundException(String name) {
        super("schedule '" + name + "' does not exist");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
