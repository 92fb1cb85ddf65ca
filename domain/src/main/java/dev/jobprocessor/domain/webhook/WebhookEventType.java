package dev.jobprocessor.domain.webhook;

import dev.jobprocessor.domain.JobState;

/** What a delivery tells: the final state a job reached, as the event's {@code type}. */
public enum WebhookEventType {
    JOB_COMPLETED("job.completed"),
    JOB_FAILED("job.failed"),
    JOB_DEAD("job.dead"),
    JOB_CANCELLED("job.cancelled");

    private final String wireName;

    WebhookEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The event of a job that has reached {@code state}, which must be final. */
    public static WebhookEventType of(JobState state) {
        return switch (state) {
            case COMPLETED -> JOB_COMPLETED;
            case FAILED -> JOB_FAILED;
            case DEAD -> JOB_DEAD;
            case CANCELLED -> JOB_CANCELLED;
            case WAITING, PENDING, RUNNING ->
                throw new IllegalArgumentException("a " + state.wireName() + " job has not ended");
        };
    }

    public static WebhookEventType fromWireName(String name) {
        for (WebhookEventType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown webhook event: " + name);
    }
}
