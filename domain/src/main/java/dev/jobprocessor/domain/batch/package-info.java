/**
 * Batches with callbacks (docs/WORKFLOWS.md, "Batches with callbacks"): a group of jobs submitted at once
 * ({@link dev.jobprocessor.domain.batch.Batch}) and the callback jobs it enqueues when its jobs' ends meet a condition
 * ({@link dev.jobprocessor.domain.batch.BatchCallback}), decided by the pure rule of
 * {@link dev.jobprocessor.domain.batch.BatchTally}.
 */
package dev.jobprocessor.domain.batch;
