package dev.jobprocessor.application.port;

/**
 * The job store could not be reached or gave up mid-request. Nothing is half-written (every change is one
 * transaction), so the caller may retry the same request later.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
