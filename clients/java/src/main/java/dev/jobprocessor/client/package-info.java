/**
 * A Java client of the job-processor HTTP API (docs/SPEC.md §7): {@link dev.jobprocessor.client.JobsClient} submits,
 * reads, lists, cancels and retries jobs; errors arrive as the typed {@link dev.jobprocessor.client.JobsException}s of
 * the API's error envelope. It uses the JDK's {@code HttpClient} and Jackson, and nothing of the server.
 */
package dev.jobprocessor.client;
