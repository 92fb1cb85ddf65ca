package dev.jobprocessor.bootstrap.observability;

import dev.jobprocessor.application.port.JobLifecycle;
import dev.jobprocessor.application.port.JobObserver;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One log line per lifecycle step — created, started, completed, retried, failed, dead (and cancelled, requeued) — with
 * the job's id, type, queue and attempt as structured key-values, so a JSON log carries them as fields. Payloads and
 * results are never logged: they may hold personal data.
 */
public final class LifecycleLog implements JobObserver {

    private static final Logger LOG = LoggerFactory.getLogger("dev.jobprocessor.jobs");

    @Override
    public void observe(List<JobLifecycle> steps) {
        for (JobLifecycle step : steps) {
            LoggingEventBuilder line = (switch (step.event()) {
                        case RETRIED, FAILED, DEAD -> LOG.atWarn();
                        case CREATED, STARTED, COMPLETED, CANCELLED, REQUEUED, RELEASED, SNOOZED, CANCEL_REQUESTED ->
                            LOG.atInfo();
                    })
                    .setMessage("job {}")
                    .addArgument(step.event().wireName())
                    .addKeyValue("job_id", step.job().id().toString())
                    .addKeyValue("type", step.job().type())
                    .addKeyValue("queue", step.job().queue())
                    .addKeyValue("attempt", step.job().attempts());
            switch (step.event()) {
                case RETRIED, FAILED, DEAD ->
                    line.addKeyValue("error", step.job().lastError());
                case CREATED, STARTED, COMPLETED, CANCELLED, REQUEUED, RELEASED, SNOOZED, CANCEL_REQUESTED -> {}
            }
            step.attemptDuration().ifPresent(d -> line.addKeyValue("duration_ms", d.toMillis()));
            line.log();
        }
    }
}
