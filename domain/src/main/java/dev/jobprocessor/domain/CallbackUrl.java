package dev.jobprocessor.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a job's end is delivered: an absolute {@code https} or {@code http} URL with a host, no user information and
 * no fragment, at most {@link #MAX_LENGTH} characters. Whether its destination may be reached is a separate question
 * ({@link DestinationRule}), asked at submit and again before every attempt.
 */
public record CallbackUrl(URI uri) {

    public static final int MAX_LENGTH = 2048;

    public CallbackUrl {
        Objects.requireNonNull(uri, "uri");
    }

    /** The URL {@code text} names, or an {@link IllegalArgumentException} whose message follows "callback_url". */
    public static CallbackUrl parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("must be an https URL");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("must be an absolute https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not carry a user name or password");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not have a fragment");
        }
        return new CallbackUrl(uri);
    }

    /** Whether the URL asks for TLS: plain {@code http} is only for destinations named in the allow-list. */
    public boolean secure() {
        return uri.getScheme().equalsIgnoreCase("https");
    }

    /** The host as written, lower case, without the brackets of an IPv6 literal. */
    public String host() {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The port connected to: the one written, else 443 for https and 80 for http. */
    public int port() {
        return uri.getPort() != -1 ? uri.getPort() : secure() ? 443 : 80;
    }

    /** The URL as the client wrote it. */
    public String text() {
        return uri.toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
