package io.switchboard.server.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The proxies whose {@code X-Forwarded-For} the node believes (the {@code trusted-proxies} setting): addresses
 * such as {@code 10.0.0.5} or ranges such as {@code 10.0.0.0/8} and {@code fd00::/8}. With none, the client is
 * always the peer of the TCP connection, and a client cannot choose its own address by sending the header.
 */
public final class TrustedProxies {
    /** Forwarded hops read from the right, at most: a longer header does not cost more. */
    static final int MAX_HOPS = 16;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** No trusted proxy. */
    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /**
     * Parses addresses and CIDR ranges; throws {@link IllegalArgumentException} naming the first entry that is
     * neither (host names are refused: resolving them would make trust depend on DNS).
     */
    public static TrustedProxies parse(List<String> entries) {
        List<Range> out = new ArrayList<>();
        for (String entry : entries) {
            String text = entry.trim();
            int slash = text.indexOf('/');
            InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("'" + entry + "' is not an IP address or range such as 10.0.0.5 or 10.0.0.0/8");
            }
            int bits = address.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("'" + entry + "' has a prefix length outside 0 to " + bits);
                }
            }
            out.add(new Range(address.getAddress(), prefix));
        }
        return new TrustedProxies(List.copyOf(out));
    }

    /** Whether any proxy is trusted. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code address} is a trusted proxy. */
    public boolean trusts(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Range r : ranges) {
            if (r.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client behind {@code peer}: while the hop in hand is a trusted proxy, step one entry left in
     * {@code X-Forwarded-For} (each proxy appends the address it received from). The first untrusted hop is the
     * client; entries left of it were written by the client and are never believed.
     */
    public InetAddress client(InetAddress peer, String forwardedFor) {
        if (forwardedFor == null || ranges.isEmpty()) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        InetAddress current = peer;
        for (int i = hops.length - 1; i >= 0 && i >= hops.length - MAX_HOPS && trusts(current); i--) {
            InetAddress hop = literal(stripPort(hops[i].trim()));
            if (hop == null) {
                break;
            }
            current = hop;
        }
        return current;
    }

    /**
     * The client of a request from {@code peerHost} (an address literal, as the socket reports it) carrying
     * {@code forwardedFor}, as text: see {@link #client(InetAddress, String)}. A peer that is not an IP address (a
     * Unix domain socket) is returned as is.
     */
    public String clientAddress(String peerHost, String forwardedFor) {
        InetAddress peer = peerHost == null ? null : literal(peerHost);
        return peer == null ? String.valueOf(peerHost) : client(peer, forwardedFor).getHostAddress();
    }

    /** An IP address written as a literal, or null; never a DNS lookup. */
    static InetAddress literal(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        if (v4) {
            for (String octet : text.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null;
                }
            }
        } else if (!IPV6.matcher(text).matches()) {
            return null;
        }
        try {
            // Only a literal reaches here, which InetAddress parses without asking DNS.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end > 0 ? hop.substring(1, end) : hop;
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }
}
