package dev.jobprocessor.domain.webhook;

import dev.jobprocessor.domain.CallbackUrl;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The destinations an operator allows although they are loopback, link-local or private, and which may be reached
 * over plain {@code http} ({@code JOBS_WEBHOOK_ALLOWED_DESTINATIONS}): {@code host:port} entries (a name or an IP
 * literal, IPv6 in brackets) and CIDR ranges (any port).
 */
public final class AllowedDestinations {

    public static final AllowedDestinations NONE = new AllowedDestinations(List.of(), List.of());

    private final List<HostPort> hosts;
    private final List<IpRange> ranges;

    private AllowedDestinations(List<HostPort> hosts, List<IpRange> ranges) {
        this.hosts = List.copyOf(hosts);
        this.ranges = List.copyOf(ranges);
    }

    /** One {@code host:port} entry, the host lower case and without brackets. */
    private record HostPort(String host, int port) {}

    /** The list {@code text} names (comma-separated), or an {@link IllegalArgumentException} naming the bad entry. */
    public static AllowedDestinations parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        List<HostPort> hosts = new ArrayList<>();
        List<IpRange> ranges = new ArrayList<>();
        for (String entry : Arrays.stream(text.split(",")).map(String::trim).toList()) {
            if (entry.contains("/")) {
                ranges.add(IpRange.parse(entry));
                continue;
            }
            int colon = entry.lastIndexOf(':');
            String host = colon < 0 ? "" : entry.substring(0, colon).toLowerCase(Locale.ROOT);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                host = "";
            }
            int port = -1;
            try {
                port = colon < 0 ? -1 : Integer.parseInt(entry.substring(colon + 1));
            } catch (NumberFormatException e) {
                // reported below
            }
            if (host.isEmpty() || port < 1 || port > 65_535) {
                throw new IllegalArgumentException("\"" + entry
                        + "\" is neither host:port (IPv6 in brackets: [::1]:8080) nor a CIDR range (10.0.0.0/8)");
            }
            hosts.add(new HostPort(host, port));
        }
        return new AllowedDestinations(hosts, ranges);
    }

    public boolean isEmpty() {
        return hosts.isEmpty() && ranges.isEmpty();
    }

    /** Whether an entry names the URL's host and port as written: then every address it resolves to is allowed. */
    boolean namesHost(CallbackUrl url) {
        return hosts.contains(new HostPort(url.host(), url.port()));
    }

    /** Whether the URL may be delivered to {@code address}: its host is named, or the address is, or a range holds it. */
    boolean allows(CallbackUrl url, InetAddress address) {
        if (namesHost(url)) {
            return true;
        }
        for (HostPort entry : hosts) {
            byte[] literal = IpRange.literal(entry.host());
            if (literal != null && entry.port() == url.port() && Arrays.equals(literal, address.getAddress())) {
                return true;
            }
        }
        return ranges.stream().anyMatch(range -> range.contains(address));
    }

    @Override
    public String toString() {
        List<String> entries = new ArrayList<>();
        hosts.forEach(entry -> entries.add(
                (entry.host().contains(":") ? "[" + entry.host() + "]" : entry.host()) + ":" + entry.port()));
        ranges.forEach(range -> entries.add(range.toString()));
        return String.join(",", entries);
    }
}
