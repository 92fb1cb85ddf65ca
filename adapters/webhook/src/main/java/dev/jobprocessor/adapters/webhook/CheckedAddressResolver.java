package dev.jobprocessor.adapters.webhook;

import dev.jobprocessor.application.port.AddressResolver;
import dev.jobprocessor.domain.CallbackUrl;
import dev.jobprocessor.domain.webhook.DestinationRule;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Jetty's resolver for webhook connections: it looks the host up and applies the {@link DestinationRule} to exactly
 * the addresses the connection will then use, so a name that resolves to a public address when checked and to an
 * internal one when connecting (DNS rebinding) is still refused. The scheme is judged before the request is made
 * ({@link JettyWebhookTransport}); here every address is judged as an {@code https} destination would be.
 */
final class CheckedAddressResolver implements SocketAddressResolver {

    /** The failure of a refused destination, recognised by the transport to record a refusal, not a network error. */
    static final class RefusedDestination extends Exception {
        RefusedDestination(String reason) {
            super(reason, null, false, false);
        }
    }

    private final DestinationRule rule;
    private final AddressResolver resolver;
    private final Executor executor;

    CheckedAddressResolver(DestinationRule rule, AddressResolver resolver, Executor executor) {
        this.rule = rule;
        this.resolver = resolver;
        this.executor = executor;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        executor.execute(() -> {
            try {
                List<InetAddress> addresses = resolver.resolve(host);
                if (addresses.isEmpty()) {
                    promise.failed(new java.net.UnknownHostException(host + " does not resolve"));
                    return;
                }
                String literal = host.contains(":") ? "[" + host + "]" : host;
                CallbackUrl asHttps = new CallbackUrl(URI.create("https://" + literal + ":" + port + "/"));
                if (rule.check(asHttps, addresses) instanceof DestinationRule.Verdict.Refused(String reason)) {
                    promise.failed(new RefusedDestination(reason));
                    return;
                }
                promise.succeeded(addresses.stream()
                        .map(address -> new InetSocketAddress(address, port))
                        .toList());
            } catch (RuntimeException e) {
                promise.failed(e);
            }
        });
    }
}
