package dev.jobprocessor.adapters.http;

/** Whether the service can do its work now (the store answers, migrations are applied); drives {@code GET /ready}. */
@FunctionalInterface
public interface Readiness {

    boolean isReady();
}
