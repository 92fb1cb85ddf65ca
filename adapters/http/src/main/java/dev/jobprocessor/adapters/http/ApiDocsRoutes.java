package dev.jobprocessor.adapters.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * {@code GET /docs}: Swagger UI over {@code /openapi.json}, to read the API and try it (docs/SPEC.md §7.2). Its page
 * and start script are ours ({@code src/main/resources/docs}); the UI itself comes from the swagger-ui WebJar on the
 * classpath, so nothing is fetched from another server at run time.
 */
final class ApiDocsRoutes {

    /**
     * Like the dashboard's, but Swagger UI sets style attributes on its elements and draws icons from data URLs; it
     * still runs no inline script and talks only to this server.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self';"
            + " style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self';"
            + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final String WEBJAR = "/META-INF/resources/webjars/swagger-ui/" + webJarVersion() + "/";

    private ApiDocsRoutes() {}

    static void page(Context ctx) {
        send(ctx, "/docs/index.html", "text/html; charset=utf-8");
    }

    static void initializer(Context ctx) {
        send(ctx, "/docs/swagger-initializer.js", "text/javascript; charset=utf-8");
    }

    static void webJarFile(Context ctx, String name, String contentType) {
        send(ctx, WEBJAR + name, contentType);
    }

    private static void send(Context ctx, String resource, String contentType) {
        PageFiles.send(ctx, resource, contentType, CONTENT_SECURITY_POLICY);
    }

    /** The WebJar's version, from its Maven metadata: its files live under a folder named after it. */
    private static String webJarVersion() {
        try (InputStream metadata =
                ApiDocsRoutes.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (metadata == null) {
                throw new IllegalStateException("the swagger-ui WebJar is missing from the classpath");
            }
            Properties properties = new Properties();
            properties.load(metadata);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
