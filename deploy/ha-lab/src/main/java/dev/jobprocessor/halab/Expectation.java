package dev.jobprocessor.halab;

/** What a scenario must show to pass. */
enum Expectation {
    /** A fault the service must ride through: nothing acknowledged lost, no 5xx but 503, no process restarted. */
    NOTHING_LOST,
    /**
     * The negative control: with asynchronous replication a primary crash loses acknowledged commits, and the proof
     * must see it; a control that finds nothing lost shows that the check is blind, not that the service is right.
     */
    LOSS_DETECTED
}
