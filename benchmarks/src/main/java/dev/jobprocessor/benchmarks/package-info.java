/**
 * The benchmark command behind {@code benchmarks/run.sh}: it creates its own database, measures drain throughput,
 * pickup latency, HTTP submit rates and claim latency with a million completed rows, drops the database, and prints
 * the figures with a final {@code RESULT} line. Results and method: {@code docs/BENCHMARKS.md}.
 */
package dev.jobprocessor.benchmarks;
