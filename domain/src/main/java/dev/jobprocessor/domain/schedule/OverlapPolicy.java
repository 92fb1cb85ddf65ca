package dev.jobprocessor.domain.schedule;

/** Whether a schedule fires while its previous job has not finished. */
public enum OverlapPolicy {
    /** Every tick fires, whatever the previous job is doing (the default). */
    ALLOW,
    /** A tick fires nothing while the schedule's previous job is pending or running. */
    SKIP_IF_RUNNING;

    /** The name in the API and in the database. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
