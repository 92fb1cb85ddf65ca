package dev.jobprocessor.halab;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What the producer saw, written to a file when it stops.
 *
 * @param acknowledged submits answered {@code 201} or {@code 200}
 * @param unavailable answers {@code 503}: the service's documented "try again" while the database is away
 * @param serverErrors answers {@code 500..599} other than {@code 503}: each is a failure of the proof
 * @param ioErrors requests that got no answer (a refused or reset connection, a time-out)
 * @param rejected answers {@code 4xx}: a bug in the producer or the service; the key is given up
 * @param abandoned submits still not acknowledged when the producer gave up retrying them, long after the stop
 * @param writeOutageMillis the longest time between two acknowledgements
 * @param notReadyMillis how long {@code GET /ready} answered anything but {@code 200}, in all
 */
record ProducerCounts(
        long acknowledged,
        long unavailable,
        long serverErrors,
        long ioErrors,
        long rejected,
        long abandoned,
        long writeOutageMillis,
        long notReadyMillis) {

    void write(Path file) {
        String text = "acknowledged=" + acknowledged + "\n"
                + "http_503=" + unavailable + "\n"
                + "http_5xx=" + serverErrors + "\n"
                + "io_errors=" + ioErrors + "\n"
                + "rejected=" + rejected + "\n"
                + "abandoned=" + abandoned + "\n"
                + "write_outage_ms=" + writeOutageMillis + "\n"
                + "ready_503_ms=" + notReadyMillis + "\n";
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ProducerCounts read(Path file) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ProducerCounts(
                number(properties, "acknowledged"),
                number(properties, "http_503"),
                number(properties, "http_5xx"),
                number(properties, "io_errors"),
                number(properties, "rejected"),
                number(properties, "abandoned"),
                number(properties, "write_outage_ms"),
                number(properties, "ready_503_ms"));
    }

    private static long number(Properties properties, String name) {
        String value = properties.getProperty(name);
        if (value == null) {
            throw new IllegalArgumentException("the producer's counts lack " + name);
        }
        return Long.parseLong(value.trim());
    }
}
