package dev.jobprocessor.application.port;

import java.time.Instant;

/** The only source of the current time for every decision the application makes (due, expired, backoff). */
@FunctionalInterface
public interface Clock {

    Instant now();
}
