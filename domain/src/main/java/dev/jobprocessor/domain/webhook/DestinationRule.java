package dev.jobprocessor.domain.webhook;

import dev.jobprocessor.domain.CallbackUrl;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * Whether a callback URL may be delivered to the addresses its host resolves to (docs/WEBHOOKS.md, "Security"). Safe
 * by default: the URL must use {@code https}, and no address may be loopback, link-local, private or otherwise
 * internal, unless {@link AllowedDestinations} names it — such a destination may then also use plain {@code http}.
 * Asked at submit and again before each attempt, on the addresses the connection will use, so a name that resolves
 * elsewhere later is caught where it matters.
 */
public record DestinationRule(AllowedDestinations allowed) {

    /** The variable that names the exceptions, quoted in every refusal. */
    public static final String VARIABLE = "JOBS_WEBHOOK_ALLOWED_DESTINATIONS";

    /**
     * The internal ranges. No IPv4-mapped IPv6 range ({@code ::ffff:0:0/96}): the JDK turns such an address into the
     * IPv4 address it maps, which the IPv4 ranges judge.
     */
    private static final List<Internal> INTERNAL = List.of(
            new Internal(IpRange.parse("0.0.0.0/8"), "unspecified"),
            new Internal(IpRange.parse("127.0.0.0/8"), "loopback"),
            new Internal(IpRange.parse("10.0.0.0/8"), "private"),
            new Internal(IpRange.parse("172.16.0.0/12"), "private"),
            new Internal(IpRange.parse("192.168.0.0/16"), "private"),
            new Internal(IpRange.parse("100.64.0.0/10"), "private (shared address space)"),
            new Internal(IpRange.parse("169.254.0.0/16"), "link-local"),
            new Internal(IpRange.parse("224.0.0.0/4"), "multicast"),
            new Internal(IpRange.parse("240.0.0.0/4"), "reserved"),
            new Internal(IpRange.parse("::/128"), "unspecified"),
            new Internal(IpRange.parse("::1/128"), "loopback"),
            new Internal(IpRange.parse("fc00::/7"), "private"),
            new Internal(IpRange.parse("fe80::/10"), "link-local"),
            new Internal(IpRange.parse("ff00::/8"), "multicast"));

    /** A range of internal addresses and the word a refusal uses for it. */
    private record Internal(IpRange range, String kind) {}

    public DestinationRule {
        Objects.requireNonNull(allowed, "allowed");
    }

    /** What the rule says. */
    public sealed interface Verdict {
        /** The destination may be reached. */
        record Allowed() implements Verdict {}

        /** It may not; {@code reason} says why and what would allow it. */
        record Refused(String reason) implements Verdict {}
    }

    private static final Verdict ALLOWED = new Verdict.Allowed();

    /**
     * The verdict for {@code url} reached at {@code addresses}: all the addresses its host resolves to (empty when it
     * could not be resolved, in which case only the scheme is judged and the next check decides).
     */
    public Verdict check(CallbackUrl url, List<InetAddress> addresses) {
        boolean listed = allowed.namesHost(url)
                || (!addresses.isEmpty() && addresses.stream().allMatch(address -> allowed.allows(url, address)));
        if (listed) {
            return ALLOWED;
        }
        if (!url.secure()) {
            return new Verdict.Refused(
                    "must use https: plain http is allowed only to destinations named in " + VARIABLE);
        }
        for (InetAddress address : addresses) {
            String kind = internalKind(address);
            if (kind != null && !allowed.allows(url, address)) {
                return new Verdict.Refused(url.host() + " resolves to " + address.getHostAddress() + ", a " + kind
                        + " address; name " + url.host() + ":" + url.port() + " in " + VARIABLE + " to allow it");
            }
        }
        return ALLOWED;
    }

    /** What kind of internal address {@code address} is, or {@code null} for a public one. */
    static String internalKind(InetAddress address) {
        for (Internal internal : INTERNAL) {
            if (internal.range().contains(address)) {
                return internal.kind();
            }
        }
        return null;
    }
}
