package dev.jobprocessor.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.domain.FieldProblem;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads the fields of one JSON object, collecting a {@link FieldProblem} for each wrong type, explicit null and
 * unknown field, so that a client learns about every mistake in one response. Absent fields read as {@code null}.
 */
final class JsonFields {

    private final JsonNode object;
    private final String prefix;
    private final List<FieldProblem> problems;
    private final Set<String> read = new HashSet<>();

    private JsonFields(JsonNode object, String prefix, List<FieldProblem> problems) {
        this.object = object;
        this.prefix = prefix;
        this.problems = problems;
    }

    /** Fields of {@code node}; if it is not an object, one problem is recorded and every field reads as absent. */
    static JsonFields of(JsonNode node, String prefix, List<FieldProblem> problems) {
        if (!node.isObject()) {
            problems.add(new FieldProblem(
                    prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1), "must be a JSON object"));
        }
        return new JsonFields(node, prefix, problems);
    }

    String string(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            return problem(name, "must be a string");
        }
        return value.textValue();
    }

    /** An integer; values beyond the int range are clamped so that the domain reports its own bounds. */
    Integer integer(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            return problem(name, "must be a whole number");
        }
        if (value.canConvertToInt()) {
            return value.intValue();
        }
        return value.bigIntegerValue().signum() > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    }

    Boolean bool(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            return problem(name, "must be true or false");
        }
        return value.booleanValue();
    }

    /** An RFC 3339 timestamp with an offset, kept to the microsecond as PostgreSQL stores it. */
    Instant timestamp(String name) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant()
                    .truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            return problem(name, "must be an RFC 3339 timestamp with an offset, e.g. 2030-01-01T12:00:00Z");
        }
    }

    /** A JSON object, returned as a tree. */
    JsonNode object(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            return problem(name, "must be a JSON object");
        }
        return value;
    }

    /** Any JSON value but null. */
    JsonNode value(String name) {
        return present(name);
    }

    /** An array of JSON values. */
    List<JsonNode> array(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            return problem(name, "must be an array");
        }
        List<JsonNode> items = new ArrayList<>(value.size());
        value.forEach(items::add);
        return items;
    }

    List<String> strings(String name) {
        List<JsonNode> items = array(name);
        if (items == null) {
            return null;
        }
        List<String> strings = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            if (!item.isTextual()) {
                return problem(name, "must be an array of strings");
            }
            strings.add(item.textValue());
        }
        return strings;
    }

    /**
     * True when the field is there as JSON {@code null}: for the fields of a partial update where null clears a
     * setting. Read it before the field's typed reader, which then sees it as absent.
     */
    boolean isNull(String name) {
        read.add(name);
        return object.isObject() && object.has(name) && object.get(name).isNull();
    }

    /** Records a problem for a field that was read but is required and absent. */
    void require(String name, Object value) {
        if (value == null && object.isObject() && !object.has(name)) {
            problems.add(new FieldProblem(prefix + name, "is required"));
        }
    }

    /** Records a problem for every field that no reader asked for. Call after reading all known fields. */
    void rejectUnknown() {
        if (!object.isObject()) {
            return;
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!read.contains(name)) {
                problems.add(new FieldProblem(prefix + name, "is not a known field"));
            }
        }
    }

    /** The value of a field, or null when absent; an explicit JSON null is a problem (omit the field instead). */
    private JsonNode present(String name) {
        read.add(name);
        if (!object.isObject()) {
            return null;
        }
        JsonNode value = object.get(name);
        if (value == null) {
            return null;
        }
        if (value.isNull()) {
            return problem(name, "must not be null; omit the field to use its default");
        }
        return value;
    }

    private <T> T problem(String name, String problem) {
        problems.add(new FieldProblem(prefix + name, problem));
        return null;
    }
}
