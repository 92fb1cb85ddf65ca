package dev.jobprocessor.adapters.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server tests run against, chosen once per JVM (docs/SPEC.md §10): the URL in
 * {@code JOBS_TEST_DATABASE_URL} when set; else a Testcontainers PostgreSQL when a Docker engine answers; else an
 * embedded PostgreSQL started from binaries in a Maven artifact. Tests are never skipped for want of a database.
 */
final class TestDatabaseServer {

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabaseServer.class);

    private static DatabaseSettings server;

    private TestDatabaseServer() {}

    static synchronized DatabaseSettings settings() {
        if (server == null) {
            server = start();
        }
        return server;
    }

    private static DatabaseSettings start() {
        String url = System.getenv("JOBS_TEST_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            LOG.info("tests use the PostgreSQL server at JOBS_TEST_DATABASE_URL");
            return DatabaseSettings.of(
                    url, System.getenv("JOBS_TEST_DATABASE_USER"), System.getenv("JOBS_TEST_DATABASE_PASSWORD"));
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            LOG.info("tests use a Testcontainers PostgreSQL at {}", container.getJdbcUrl());
            return DatabaseSettings.of(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException e) {
                    LOG.warn("could not stop the embedded PostgreSQL", e);
                }
            }));
            String embeddedUrl = embedded.getJdbcUrl("postgres", "postgres");
            LOG.info("tests use an embedded PostgreSQL at {}", embeddedUrl);
            return DatabaseSettings.of(embeddedUrl, "postgres", null);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "no test database: JOBS_TEST_DATABASE_URL is unset, no Docker engine "
                            + "answers, and the embedded PostgreSQL did not start",
                    e);
        }
    }
}
