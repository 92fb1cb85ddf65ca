package dev.jobprocessor.bootstrap.handlers;

import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobHandler;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code ledger}, only when {@code JOBS_LEDGER_FILE} names a file: appends one line {@code <job id> <attempt>} to
 * it for every execution, then succeeds. The failover proof (docs/HIGH_AVAILABILITY.md) counts executions there,
 * outside the database whose failover it tests: a job the database lost never runs, and a job run twice shows twice.
 * Each line is one {@code O_APPEND} write, so the lines of concurrent executions never interleave, and it is written
 * before the job's completion, so an execution whose completion was lost is still counted.
 */
public final class LedgerHandler implements JobHandler {

    private final Path file;

    public LedgerHandler(Path file) {
        this.file = file;
    }

    @Override
    public HandlerResult handle(Job job) {
        try {
            Files.write(
                    file,
                    (job.id() + " " + job.attempts() + "\n").getBytes(StandardCharsets.US_ASCII),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the ledger " + file, e);
        }
        return HandlerResult.success(Json.EMPTY_OBJECT);
    }
}
