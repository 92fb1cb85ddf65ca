package dev.jobprocessor.application.port;

/**
 * Whether an operator has asked the running attempt to stop (docs/QUEUE_CONTROL.md). The worker also interrupts the
 * handler's thread; this is for handlers that work in steps and would rather check between them than be interrupted in
 * the middle of one.
 */
@FunctionalInterface
public interface CancelSignal {

    /** A signal that never fires, for running a handler outside a worker (tests, a script). */
    CancelSignal NEVER = () -> false;

    boolean isCancelRequested();
}
