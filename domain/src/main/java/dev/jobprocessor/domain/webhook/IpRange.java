package dev.jobprocessor.domain.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A CIDR block such as {@code 10.0.0.0/8} or {@code fc00::/7}. An address is in it when it has the same family and
 * its first {@code prefix} bits equal the block's.
 */
public final class IpRange {

    private final byte[] network;
    private final int prefix;

    private IpRange(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** The block {@code text} names ({@code address/prefix}), or an {@link IllegalArgumentException}. */
    public static IpRange parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("\"" + text + "\" is not a CIDR range (address/prefix)");
        }
        byte[] address = literal(text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("\"" + text + "\" does not start with an IP address");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > address.length * 8) {
            throw new IllegalArgumentException("\"" + text + "\" needs a prefix between 0 and " + address.length * 8);
        }
        return new IpRange(address, prefix);
    }

    /**
     * The bytes of an IP literal, or {@code null} when {@code text} is not one. Only literals reach
     * {@link InetAddress#getByName}, which then parses and never looks a name up.
     */
    static byte[] literal(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = bare.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean v6 = bare.contains(":") && bare.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(bare).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (bytes[whole] & mask) == (network[whole] & mask);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpRange range && range.prefix == prefix && Arrays.equals(range.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a range holds 4 or 16 bytes", e);
        }
    }
}
