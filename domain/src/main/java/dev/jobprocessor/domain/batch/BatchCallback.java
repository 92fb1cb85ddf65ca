package dev.jobprocessor.domain.batch;

/** When a batch enqueues a callback job; each at most once in the batch's life. */
public enum BatchCallback {
    /** Every job of the batch completed. */
    ON_SUCCESS("on_success"),
    /** Every job of the batch ended, whatever its end. */
    ON_FINISH("on_finish"),
    /** A job of the batch ended failed or dead: the first one to do so triggers it. */
    ON_DEAD("on_dead");

    private final String wireName;

    BatchCallback(String wireName) {
        this.wireName = wireName;
    }

    /** The field that names it in a batch submit and view. */
    public String wireName() {
        return wireName;
    }

    public static BatchCallback fromWireName(String name) {
        for (BatchCallback callback : values()) {
            if (callback.wireName.equals(name)) {
                return callback;
            }
        }
        throw new IllegalArgumentException("unknown batch callback: " + name);
    }
}
