package dev.jobprocessor.bootstrap;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.slf4j.LoggerFactory;

/**
 * Switches Logback to the configuration {@code JOBS_LOG_FORMAT} asks for: {@code logback.xml} (text, Logback's default
 * pick) or {@code logback-json.xml} (Logback's own {@code JsonEncoder}, one JSON object per line).
 */
final class LogFormats {

    private LogFormats() {}

    static void use(Settings.LogFormat format) {
        String resource = switch (format) {
            case TEXT -> "/logback.xml";
            case JSON -> "/logback-json.xml";
        };
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J backend is in charge (an embedder's choice); leave it alone
        }
        URL configuration = LogFormats.class.getResource(resource);
        if (configuration == null) {
            throw new IllegalStateException(resource + " is missing from the classpath");
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        context.reset();
        try {
            configurator.doConfigure(configuration);
        } catch (JoranException e) {
            throw new IllegalStateException("could not configure logging from " + resource, e);
        }
    }
}
