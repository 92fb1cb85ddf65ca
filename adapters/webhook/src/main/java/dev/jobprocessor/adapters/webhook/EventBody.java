package dev.jobprocessor.adapters.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jobprocessor.domain.webhook.WebhookEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The JSON a delivery POSTs, in the Standard Webhooks envelope: {@code type}, {@code timestamp} (when the job ended)
 * and {@code data}, the job as it ended. Written field by field in a fixed order, so one event always renders to the
 * same bytes and every attempt signs the same body.
 */
public final class EventBody {

    private static final JsonFactory JSON = new JsonFactory();

    private EventBody() {}

    public static String render(WebhookEvent event, Instant occurredAt) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", event.eventType().wireName());
            json.writeStringField("timestamp", occurredAt.toString());
            json.writeObjectFieldStart("data");
            json.writeStringField("id", event.jobId().toString());
            json.writeStringField("type", event.type());
            json.writeStringField("queue", event.queue());
            json.writeStringField("state", event.state().wireName());
            json.writeNumberField("attempts", event.attempts());
            json.writeNumberField("max_attempts", event.maxAttempts());
            json.writeFieldName("result");
            if (event.result() == null) {
                json.writeNull();
            } else {
                json.writeRawValue(event.result().text());
            }
            json.writeStringField("last_error", event.lastError());
            json.writeStringField("created_at", event.createdAt().toString());
            json.writeStringField(
                    "started_at",
                    event.startedAt() == null ? null : event.startedAt().toString());
            json.writeStringField("finished_at", event.finishedAt().toString());
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }
}
