package dev.jobprocessor.halab;

/**
 * A submit the service acknowledged ({@code 201}, or {@code 200} for a repeat of its idempotency key): from then on,
 * the job must run.
 *
 * @param key the idempotency key the producer sent, one per job
 * @param jobId the id the service answered with
 * @param atMillis when the answer arrived, in milliseconds since the epoch
 */
record Acknowledgement(String key, String jobId, long atMillis) {

    /** One line of the producer's log of acknowledgements. */
    String line() {
        return key + " " + jobId + " " + atMillis;
    }

    static Acknowledgement parse(String line) {
        String[] parts = line.trim().split(" ");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not an acknowledgement: \"" + line + "\"");
        }
        return new Acknowledgement(parts[0], parts[1], Long.parseLong(parts[2]));
    }
}
