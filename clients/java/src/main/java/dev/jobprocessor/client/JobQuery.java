package dev.jobprocessor.client;

/**
 * Which jobs {@link JobsClient#list} walks through, newest first: filters that combine with AND (each {@code null}
 * for any), and how many jobs each page fetches (1..500).
 */
public record JobQuery(String state, String type, String queue, int pageSize) {

    public static JobQuery all() {
        return new JobQuery(null, null, null, 100);
    }

    public JobQuery inState(String state) {
        return new JobQuery(state, type, queue, pageSize);
    }

    public JobQuery ofType(String type) {
        return new JobQuery(state, type, queue, pageSize);
    }

    public JobQuery inQueue(String queue) {
        return new JobQuery(state, type, queue, pageSize);
    }

    public JobQuery pagesOf(int pageSize) {
        return new JobQuery(state, type, queue, pageSize);
    }
}
