package dev.jobprocessor.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.domain.CallbackUrl;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DestinationRuleTest {

    private static final DestinationRule SAFE = new DestinationRule(AllowedDestinations.NONE);

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static DestinationRule.Verdict check(DestinationRule rule, String url, String... addresses) {
        return rule.check(
                CallbackUrl.parse(url),
                List.of(addresses).stream().map(DestinationRuleTest::ip).toList());
    }

    @Test
    void a_public_https_destination_is_allowed() {
        assertThat(check(SAFE, "https://hooks.example.com/done", "93.184.216.34"))
                .isInstanceOf(DestinationRule.Verdict.Allowed.class);
        assertThat(check(SAFE, "https://hooks.example.com/done", "2606:2800:220:1::1"))
                .isInstanceOf(DestinationRule.Verdict.Allowed.class);
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, loopback",
        "127.8.9.10, loopback",
        "::1, loopback",
        "10.1.2.3, private",
        "172.16.0.1, private",
        "172.31.255.255, private",
        "192.168.1.1, private",
        "100.64.0.1, private (shared address space)",
        "fd00::1, private",
        "169.254.169.254, link-local",
        "fe80::1, link-local",
        "0.0.0.0, unspecified",
        "::, unspecified",
        "224.0.0.1, multicast",
        "255.255.255.255, reserved",
        "::ffff:127.0.0.1, loopback"
    })
    void an_internal_destination_is_refused_naming_its_kind_and_the_way_to_allow_it(String address, String kind) {
        DestinationRule.Verdict verdict = check(SAFE, "https://inside.example:8443/hook", address);

        assertThat(verdict).isInstanceOf(DestinationRule.Verdict.Refused.class);
        assertThat(((DestinationRule.Verdict.Refused) verdict).reason())
                .contains("a " + kind + " address")
                .contains("inside.example:8443 in JOBS_WEBHOOK_ALLOWED_DESTINATIONS");
    }

    @Test
    void one_internal_address_among_public_ones_is_enough_to_refuse() {
        assertThat(check(SAFE, "https://mixed.example/", "93.184.216.34", "10.0.0.5"))
                .isInstanceOf(DestinationRule.Verdict.Refused.class);
    }

    @Test
    void public_just_outside_the_private_ranges_is_allowed() {
        assertThat(check(SAFE, "https://a.example/", "172.32.0.1")).isInstanceOf(DestinationRule.Verdict.Allowed.class);
        assertThat(check(SAFE, "https://a.example/", "100.128.0.1"))
                .isInstanceOf(DestinationRule.Verdict.Allowed.class);
        assertThat(check(SAFE, "https://a.example/", "11.0.0.1")).isInstanceOf(DestinationRule.Verdict.Allowed.class);
    }

    @Test
    void plain_http_is_refused_unless_the_destination_is_named() {
        DestinationRule.Verdict verdict = check(SAFE, "http://hooks.example.com/", "93.184.216.34");

        assertThat(verdict).isInstanceOf(DestinationRule.Verdict.Refused.class);
        assertThat(((DestinationRule.Verdict.Refused) verdict).reason()).startsWith("must use https");
    }

    @Test
    void a_named_host_and_port_may_be_internal_and_plain_http_but_only_on_that_port() {
        DestinationRule rule = new DestinationRule(AllowedDestinations.parse("127.0.0.1:9000, receiver.internal:8080"));

        assertThat(check(rule, "http://127.0.0.1:9000/hook", "127.0.0.1"))
                .isInstanceOf(DestinationRule.Verdict.Allowed.class);
        assertThat(check(rule, "http://receiver.internal:8080/", "10.0.0.7"))
                .isInstanceOf(DestinationRule.Verdict.Allowed.class);
        assertThat(check(rule, "http://127.0.0.1:9001/hook", "127.0.0.1"))
                .isInstanceOf(DestinationRule.Verdict.Refused.class);
        assertThat(check(rule, "https://127.0.0.1:9001/hook", "127.0.0.1"))
                .isInstanceOf(DestinationRule.Verdict.Refused.class);
        assertThat(check(rule, "https://other.internal:8080/", "10.0.0.7"))
                .isInstanceOf(DestinationRule.Verdict.Refused.class);
    }

    @Test
    void a_named_range_allows_every_port_of_its_addresses() {
        DestinationRule rule = new DestinationRule(AllowedDestinations.parse("10.0.0.0/8,fd00::/8"));

        assertThat(check(rule, "http://svc.internal:1234/", "10.20.30.40"))
                .isInstanceOf(DestinationRule.Verdict.Allowed.class);
        assertThat(check(rule, "https://svc.internal/", "fd12::1")).isInstanceOf(DestinationRule.Verdict.Allowed.class);
        assertThat(check(rule, "https://svc.internal/", "192.168.0.1"))
                .isInstanceOf(DestinationRule.Verdict.Refused.class);
        assertThat(check(rule, "http://svc.internal/", "10.0.0.1", "93.184.216.34"))
                .isInstanceOf(DestinationRule.Verdict.Refused.class);
    }

    @Test
    void an_unresolved_host_is_judged_on_its_scheme_alone() {
        assertThat(check(SAFE, "https://not-yet.example/")).isInstanceOf(DestinationRule.Verdict.Allowed.class);
        assertThat(check(SAFE, "http://not-yet.example/")).isInstanceOf(DestinationRule.Verdict.Refused.class);
    }

    @Test
    void a_bad_allow_list_entry_is_named() {
        assertThatThrownBy(() -> AllowedDestinations.parse("127.0.0.1:9000,localhost"))
                .hasMessageContaining("\"localhost\" is neither host:port");
        assertThatThrownBy(() -> AllowedDestinations.parse("10.0.0.0/33")).hasMessageContaining("between 0 and 32");
        assertThatThrownBy(() -> AllowedDestinations.parse("::1:80")).hasMessageContaining("IPv6 in brackets");
        assertThat(AllowedDestinations.parse("[::1]:8080,10.0.0.0/8")).hasToString("[::1]:8080,10.0.0.0/8");
    }
}
