/**
 * Outbound ports: what the application needs from the outside world (a job store, the time, job handlers), and the
 * plain records those ports exchange. Adapters implement these; the shared contract suite in this module's test-jar
 * says exactly what a {@link dev.jobprocessor.application.port.JobRepository} must do.
 */
package dev.jobprocessor.application.port;
