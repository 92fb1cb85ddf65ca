package dev.jobprocessor.application.archfixture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bad: a logging framework in the application (SLF4J is on this classpath because ArchUnit uses it). */
public final class ApplicationLoggingWithSlf4j {

    private ApplicationLoggingWithSlf4j() {}

    public static Logger logger() {
        return LoggerFactory.getLogger(ApplicationLoggingWithSlf4j.class);
    }
}
