package dev.jobprocessor.client.worker;

/** Tells a running attempt whether an operator asked its job to stop (learnt from the lease's heartbeat answer). */
@FunctionalInterface
public interface CancelSignal {

    boolean isCancelRequested();
}
