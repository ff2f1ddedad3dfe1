package io.switchboard.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TrustedProxiesTest {
    private static InetAddress ip(String literal) {
        return TrustedProxies.literal(literal);
    }

    @Test
    void without_trusted_proxies_the_client_is_the_peer_whatever_the_header_says() {
        assertThat(TrustedProxies.none().client(ip("203.0.113.9"), "198.51.100.1")).isEqualTo(ip("203.0.113.9"));
    }

    @Test
    void behind_trusted_proxies_the_client_is_the_rightmost_untrusted_hop() {
        TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/8", "192.168.1.1"));

        assertThat(proxies.client(ip("10.1.2.3"), "198.51.100.7")).isEqualTo(ip("198.51.100.7"));
        assertThat(proxies.client(ip("10.1.2.3"), "1.1.1.1, 198.51.100.7, 192.168.1.1"))
                .as("entries left of the first untrusted hop were written by the client").isEqualTo(ip("198.51.100.7"));
        assertThat(proxies.client(ip("10.1.2.3"), "198.51.100.7:4711")).isEqualTo(ip("198.51.100.7"));
        assertThat(proxies.client(ip("10.1.2.3"), "[2001:db8::1]:4711")).isEqualTo(ip("2001:db8::1"));
        assertThat(proxies.client(ip("10.1.2.3"), "not-an-address")).as("a garbled hop stops the walk").isEqualTo(ip("10.1.2.3"));
        assertThat(proxies.client(ip("203.0.113.9"), "198.51.100.7")).as("an untrusted peer's header is ignored")
                .isEqualTo(ip("203.0.113.9"));
    }

    @Test
    void ranges_match_on_their_prefix_in_both_families() {
        TrustedProxies proxies = TrustedProxies.parse(List.of("172.16.0.0/12", "fd00::/8"));

        assertThat(proxies.trusts(ip("172.31.255.255"))).isTrue();
        assertThat(proxies.trusts(ip("172.32.0.0"))).isFalse();
        assertThat(proxies.trusts(ip("fd12:3456::1"))).isTrue();
        assertThat(proxies.trusts(ip("fe80::1"))).isFalse();
    }

    @Test
    void host_names_are_not_literals_and_are_never_looked_up() {
        assertThat(TrustedProxies.literal("localhost")).isNull();
        assertThat(TrustedProxies.literal("256.0.0.1")).isNull();
        assertThat(TrustedProxies.literal("::1")).isNotNull();
    }
}
