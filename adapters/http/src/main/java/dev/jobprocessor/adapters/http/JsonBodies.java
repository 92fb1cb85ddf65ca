package dev.jobprocessor.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.eclipse.jetty.http.HttpException;

/**
 * Reads request bodies strictly: at most 1 MiB however it is sent, {@code application/json} in UTF-8, exactly one
 * JSON value (trailing content, duplicate keys, invalid UTF-8 and nesting deeper than Jackson's limit are all
 * {@code malformed_json}). Floats parse as exact decimals, so {@code 1e400} is a number, not infinity.
 */
final class JsonBodies {

    static final int MAX_BODY_BYTES = 1024 * 1024;

    /** The one mapper for reading and writing; writes ASCII only so any stored text is valid in any encoding. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private JsonBodies() {}

    /** The body as one JSON value; an empty body is {@code malformed_json}. */
    static JsonNode read(Context ctx) {
        byte[] bytes = readBytes(ctx);
        if (bytes.length == 0) {
            throw new ApiError(ErrorCode.MALFORMED_JSON, "the request body is empty; send a JSON object");
        }
        requireJsonContentType(ctx);
        return parse(bytes);
    }

    /** For endpoints that take no fields: an empty body, or an empty JSON object. */
    static void readNothing(Context ctx) {
        byte[] bytes = readBytes(ctx);
        if (bytes.length == 0) {
            return;
        }
        requireJsonContentType(ctx);
        JsonNode node = parse(bytes);
        if (!node.isObject() || !node.isEmpty()) {
            throw new ApiError(
                    ErrorCode.VALIDATION_FAILED,
                    "this endpoint takes no fields; send an empty body or {}",
                    java.util.List.of(new dev.jobprocessor.domain.FieldProblem("body", "must be empty or {}")));
        }
    }

    /** Canonical text of a JSON value: compact, ASCII only, keys in the order sent. */
    static String canonical(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written back", e);
        }
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ApiError(
                    ErrorCode.MALFORMED_JSON, "the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireJsonContentType(Context ctx) {
        String contentType = ctx.contentType();
        if (contentType == null) {
            throw unsupported("no Content-Type");
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("application/json")) {
            throw unsupported("Content-Type " + parts[0].trim());
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT).replace("\"", "");
            if (parameter.startsWith("charset=") && !parameter.equals("charset=utf-8")) {
                throw unsupported("charset " + parameter.substring("charset=".length()));
            }
        }
    }

    private static ApiError unsupported(String what) {
        return new ApiError(
                ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json in UTF-8, not " + what);
    }

    /** Reads at most one byte past the limit, whether the length was declared or the body is chunked. */
    private static byte[] readBytes(Context ctx) {
        long declared = ctx.contentLength();
        if (declared > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = ctx.bodyInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
            byte[] buffer = new byte[8192];
            int total = 0;
            int read;
            while ((read = in.read(buffer)) != -1) {
                total += read;
                if (total > MAX_BODY_BYTES) {
                    throw tooLarge();
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        } catch (IOException e) {
            // The client closed or stalled mid-body: its fault, answered as such, never a 500.
            throw unreadable();
        } catch (RuntimeException e) {
            // Jetty 12 reports a body it cannot parse (broken chunking, a bad length) as an unchecked HttpException.
            if (e instanceof HttpException) {
                throw unreadable();
            }
            throw e;
        }
    }

    private static ApiError unreadable() {
        return new ApiError(ErrorCode.MALFORMED_JSON, "the request body could not be read completely");
    }

    private static ApiError tooLarge() {
        return new ApiError(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than 1 MiB");
    }
}
