package dev.jobprocessor.adapters.webhook;

import dev.jobprocessor.application.port.AddressResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** The JDK's resolver (DNS, hosts file), as the platform configures it. */
public final class SystemAddressResolver implements AddressResolver {

    @Override
    public List<InetAddress> resolve(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return List.of();
        }
    }
}
