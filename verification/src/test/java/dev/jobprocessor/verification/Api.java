package dev.jobprocessor.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** A small HTTP client for the service under test. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String token;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Api(int port) {
        this(port, null);
    }

    /** A client that sends {@code token} as its bearer token on every request but {@code text}'s. */
    Api(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    String base() {
        return base;
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** The body of {@code GET path} as text (for {@code /metrics}); fails on anything but 200. */
    String text(String path) {
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(base + path))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sum of every sample of {@code name} for job type {@code type} in this process's {@code /metrics}. */
    double metric(String name, String type) {
        return text("/metrics")
                .lines()
                .filter(line -> line.startsWith(name + "{") && line.contains("type=\"" + type + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** The response, or status 0 when the connection itself failed (the process is down or not up yet). */
    Response send(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response =
                    client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? null : JSON.readTree(response.body());
            return new Response(response.statusCode(), body);
        } catch (IOException e) {
            return new Response(0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code path} until {@code condition} holds; fails with the last answer after {@code timeout}. */
    Response await(String path, Predicate<Response> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (condition.test(last)) {
                return last;
            }
            pause(Duration.ofMillis(100));
        }
        throw new AssertionError("GET " + path + " did not reach the expected answer within " + timeout + "; last: "
                + (last == null ? "none" : last.status() + " " + last.body()));
    }

    void awaitReady(Duration timeout) {
        await("/ready", response -> response.status() == 200, timeout);
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, JsonNode body) {
        String text(String pointer) {
            return body == null ? null : body.at(pointer).asText(null);
        }
    }
}
