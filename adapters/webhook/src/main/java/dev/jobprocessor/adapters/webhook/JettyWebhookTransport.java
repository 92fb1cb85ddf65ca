package dev.jobprocessor.adapters.webhook;

import dev.jobprocessor.application.port.AddressResolver;
import dev.jobprocessor.application.port.WebhookMessage;
import dev.jobprocessor.application.port.WebhookTransport;
import dev.jobprocessor.domain.webhook.DeliveryOutcome;
import dev.jobprocessor.domain.webhook.DestinationRule;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * POSTs deliveries with Jetty's HTTP client (docs/WEBHOOKS.md): signed with the Standard Webhooks headers, never
 * following a redirect, bounded by one time-out for the whole exchange, keeping only the first
 * {@link #EXCERPT_BYTES} bytes of an answer, and refusing, before anything is sent, a destination the
 * {@link DestinationRule} does not allow: first on the URL (scheme, allow-list), then on the addresses the connection
 * uses ({@link CheckedAddressResolver}).
 */
public final class JettyWebhookTransport implements WebhookTransport, AutoCloseable {

    /** How much of an answer's body the history keeps. */
    public static final int EXCERPT_BYTES = 512;

    private final DestinationRule rule;
    private final AddressResolver resolver;
    private final Duration timeout;
    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = new HttpClient();

    public JettyWebhookTransport(DestinationRule rule, AddressResolver resolver, Duration timeout) {
        this.rule = rule;
        this.resolver = resolver;
        this.timeout = timeout;
        client.setFollowRedirects(false);
        client.setConnectTimeout(timeout.toMillis());
        client.setIdleTimeout(timeout.toMillis());
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "job-processor-webhooks"));
        client.setSocketAddressResolver(new CheckedAddressResolver(rule, resolver, lookups));
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("the webhook HTTP client did not start", e);
        }
    }

    @Override
    public DeliveryOutcome post(WebhookMessage message) {
        // The URL's own check (its scheme, the allow-list); an empty lookup leaves the addresses to the resolver.
        List<InetAddress> addresses = resolver.resolve(message.url().host());
        if (rule.check(message.url(), addresses) instanceof DestinationRule.Verdict.Refused(String reason)) {
            return new DeliveryOutcome.Refused(reason);
        }
        String body = EventBody.render(message.event(), message.occurredAt());
        long timestamp = message.timestamp().getEpochSecond();
        Request request = client.newRequest(message.url().uri())
                .method(HttpMethod.POST)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .headers(headers -> headers.put("webhook-id", message.id())
                        .put("webhook-timestamp", Long.toString(timestamp))
                        .put(
                                "webhook-signature",
                                StandardWebhookSignature.sign(message.secret(), message.id(), timestamp, body)))
                .body(new StringRequestContent("application/json", body, StandardCharsets.UTF_8));
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        try {
            Response response = listener.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            return new DeliveryOutcome.Answered(response.getStatus(), excerpt(listener));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abort(e);
            return new DeliveryOutcome.ConnectionFailed("interrupted: the process is stopping");
        } catch (TimeoutException e) {
            request.abort(e);
            return new DeliveryOutcome.TimedOut();
        } catch (ExecutionException e) {
            return failure(e.getCause());
        }
    }

    /** The start of the answer's body, read until {@link #EXCERPT_BYTES} or its end; closing drops the rest. */
    private static String excerpt(InputStreamResponseListener listener) {
        try (InputStream in = listener.getInputStream()) {
            byte[] bytes = in.readNBytes(EXCERPT_BYTES);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static DeliveryOutcome failure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CheckedAddressResolver.RefusedDestination refused) {
                return new DeliveryOutcome.Refused(refused.getMessage());
            }
            if (t instanceof TimeoutException) {
                return new DeliveryOutcome.TimedOut();
            }
        }
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new DeliveryOutcome.ConnectionFailed(reason);
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            // stopping: nothing left to deliver through it
        }
        lookups.close();
    }
}
