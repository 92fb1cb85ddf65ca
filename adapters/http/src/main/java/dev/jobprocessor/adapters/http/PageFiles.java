package dev.jobprocessor.adapters.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Sends a file of a page this server serves (the dashboard, Swagger UI) from the classpath, with the headers every
 * such file gets: always revalidated (so upgrades show), never framed, no referrer, and the page's content security
 * policy.
 */
final class PageFiles {

    private PageFiles() {}

    static void send(Context ctx, String resource, String contentType, String contentSecurityPolicy) {
        try (InputStream file = PageFiles.class.getResourceAsStream(resource)) {
            if (file == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            ctx.header("Cache-Control", "no-cache")
                    .header("Content-Security-Policy", contentSecurityPolicy)
                    .header("X-Frame-Options", "DENY")
                    .header("Referrer-Policy", "no-referrer")
                    .contentType(contentType)
                    .result(file.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
