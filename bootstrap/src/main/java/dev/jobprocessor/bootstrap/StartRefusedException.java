package dev.jobprocessor.bootstrap;

/**
 * The service cannot do its work in the state it found, and waiting will not change that: an operator must act. The
 * message is one line saying what to do; {@link Main} prints it alone, with no stack trace.
 */
final class StartRefusedException extends RuntimeException {

    StartRefusedException(String message) {
        super(message);
    }
}
