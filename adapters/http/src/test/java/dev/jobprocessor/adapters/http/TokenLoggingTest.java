package dev.jobprocessor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Everything the server logs while serving authenticated, refused and failing requests: never a secret. */
class TokenLoggingTest {

    private static final String SECRET = "logged-never-0123456789abcdef0123456789";
    private static final String WRONG = "wrong-secret-0123456789abcdef01234567890";

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger root;
    private Logger api;
    private ch.qos.logback.classic.Level apiLevel;
    private TestServer server;

    @BeforeEach
    void capture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        captured.setContext(context);
        captured.start();
        root.addAppender(captured);
        // the production level (logback.xml): every request line at INFO; the test configuration quiets it
        api = context.getLogger(HttpApi.class);
        apiLevel = api.getLevel();
        api.setLevel(ch.qos.logback.classic.Level.INFO);
        server = new TestServer(ApiTokens.parse("ci:submit,read:" + SECRET));
    }

    @AfterEach
    void release() {
        server.close();
        root.detachAppender(captured);
        api.setLevel(apiLevel);
    }

    @Test
    void secretsNeverReachTheLogButTokenNamesDo() {
        send("POST", "/jobs", "{\"type\":\"mail\"}", SECRET);
        send("GET", "/jobs", null, SECRET);
        send("GET", "/jobs", null, WRONG);
        send("POST", "/jobs", "{\"type\":", SECRET); // malformed: an error envelope
        send("POST", "/jobs/01890000-0000-7000-8000-000000000000/cancel", "{}", SECRET); // 403: not admin

        List<String> everything = captured.list.stream()
                .map(event -> event.getFormattedMessage() + " " + event.getMDCPropertyMap() + " "
                        + event.getKeyValuePairs() + " "
                        + (event.getThrowableProxy() == null
                                ? ""
                                : event.getThrowableProxy().getMessage()))
                .toList();
        assertThat(everything).isNotEmpty();
        assertThat(everything).noneMatch(line -> line.contains(SECRET) || line.contains(WRONG));
        assertThat(everything).anyMatch(line -> line.contains("token=ci"));
        assertThat(everything).anyMatch(line -> line.contains("-> 401") && line.contains("token=-"));
    }

    private void send(String method, String path, String body, String secret) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + secret);
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        server.send(request);
    }
}
