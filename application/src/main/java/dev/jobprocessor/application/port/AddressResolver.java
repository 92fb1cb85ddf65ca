package dev.jobprocessor.application.port;

import java.net.InetAddress;
import java.util.List;

/** Looks a host name up (DNS, hosts file), as the submit-time check of a callback URL needs. */
@FunctionalInterface
public interface AddressResolver {

    /** Every address {@code host} resolves to; empty when it resolves to none. */
    List<InetAddress> resolve(String host);
}
