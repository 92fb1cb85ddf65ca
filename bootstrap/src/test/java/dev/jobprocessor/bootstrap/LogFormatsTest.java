package dev.jobprocessor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobprocessor.application.port.JobLifecycle;
import dev.jobprocessor.bootstrap.observability.LifecycleLog;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** JOBS_LOG_FORMAT: lifecycle lines carry the job's fields, as text key-values or as JSON fields. */
class LogFormatsTest {

    private final PrintStream console = System.out;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        System.setOut(console);
        LogFormats.use(Settings.LogFormat.TEXT);
    }

    private List<String> logCreatedJob(Settings.LogFormat format) {
        // the console appender binds System.out when it is configured, so capture first
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LogFormats.use(format);
        Job job = Job.create(
                JobId.newId(Instant.now(), new Random(3)),
                JobRequest.ofType("mail")
                        .withQueue("bulk")
                        .withPayload(new Json("{\"secret\":\"s3cr3t\"}"))
                        .validate(),
                Instant.now());
        MDC.put("request_id", "req-42");
        try {
            new LifecycleLog().observe(List.of(JobLifecycle.created(job)));
            LoggerFactory.getLogger("test").info("plain line");
        } finally {
            MDC.remove("request_id");
        }
        System.out.flush();
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void jsonLinesCarryTheJobFieldsAndTheRequestIdButNeverThePayload() throws Exception {
        List<String> lines = logCreatedJob(Settings.LogFormat.JSON);

        JsonNode created = new ObjectMapper().readTree(lines.get(0));
        assertThat(created.get("formattedMessage").asText()).isEqualTo("job created");
        assertThat(created.get("level").asText()).isEqualTo("INFO");
        assertThat(created.toString()).contains("\"job_id\"", "\"mail\"", "\"bulk\"", "\"attempt\"", "req-42");
        assertThat(created.toString()).doesNotContain("s3cr3t");
        assertThat(new ObjectMapper()
                        .readTree(lines.get(1))
                        .get("formattedMessage")
                        .asText())
                .isEqualTo("plain line");
    }

    @Test
    void textLinesCarryTheJobFieldsAsKeyValues() {
        List<String> lines = logCreatedJob(Settings.LogFormat.TEXT);

        assertThat(lines.get(0))
                .contains("job created", "job_id=\"", "type=\"mail\"", "queue=\"bulk\"", "attempt=\"0\"")
                .contains("request_id=req-42")
                .doesNotContain("s3cr3t");
        assertThat(lines.get(1)).endsWith("plain line request_id=req-42");
    }
}
