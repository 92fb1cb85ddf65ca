/**
 * Remote workers: {@link dev.jobprocessor.client.worker.RemoteWorker} runs {@link
 * dev.jobprocessor.client.worker.JobHandler}s in a process of your own over the HTTP worker protocol, with the
 * outcomes ({@link dev.jobprocessor.client.worker.HandlerResult}) an embedded worker's handlers return. It owns the
 * lease loop, the handler threads, the heartbeats, the batched reports and the hand-back on stop.
 */
package dev.jobprocessor.client.worker;
