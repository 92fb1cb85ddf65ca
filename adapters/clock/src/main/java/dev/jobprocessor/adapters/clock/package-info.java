/**
 * The {@link dev.jobprocessor.application.port.Clock} port backed by the system clock. This package is the only
 * production code allowed to read wall-clock time; ArchUnit enforces that everything else asks the port.
 */
package dev.jobprocessor.adapters.clock;
