package dev.jobprocessor.bootstrap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL started from binaries shipped in a Maven artifact, for the zero-setup first run (docs/SPEC.md §8).
 * Its data lives under {@code JOBS_DATA_DIR/postgres} and is kept across restarts; it listens on a free local port.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres server;

    private EmbeddedDatabase(EmbeddedPostgres server) {
        this.server = server;
    }

    static EmbeddedDatabase start(Path dataDirectory) {
        Path directory = dataDirectory.resolve("postgres").toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory.getParent());
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    // The service stops the database itself, last, after the worker has recorded its final results;
                    // the library's own hook would stop it at the first moment of shutdown instead.
                    .setRegisterShutdownHook(false)
                    .start();
            LOG.info(
                    "JOBS_DATABASE_URL is not set: started an embedded PostgreSQL on port {} with its data in {}"
                            + " (kept across restarts)",
                    server.getPort(),
                    directory);
            return new EmbeddedDatabase(server);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + directory, e);
        }
    }

    String jdbcUrl() {
        return server.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("could not stop the embedded PostgreSQL cleanly", e);
        }
    }
}
