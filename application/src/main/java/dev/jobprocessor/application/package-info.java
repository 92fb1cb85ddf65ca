/**
 * The use cases of the job service (submit, read, lease, heartbeat, complete, fail, cancel, retry, reap). Each is a
 * small class that reads the time from the {@link dev.jobprocessor.application.port.Clock} port, asks the domain for
 * the next state, and hands it to the {@link dev.jobprocessor.application.port.JobRepository} port. No framework
 * types here: adapters call in, and are called through the ports.
 */
package dev.jobprocessor.application;
