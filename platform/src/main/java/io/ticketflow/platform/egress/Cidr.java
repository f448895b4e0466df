package io.ticketflow.platform.egress;

import io.netty.util.NetUtil;

import java.net.InetAddress;

/**
 * An address range such as {@code 10.0.0.0/8} or {@code fc00::/7}. Hand-made (a prefix comparison on bytes): the
 * ready-made matchers live in libraries (Spring Security, commons-net) the services do not otherwise need.
 */
record Cidr(byte[] network, int prefix) {

    static Cidr parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String host = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] network = literal(host);
        if (network == null) {
            throw new IllegalArgumentException("not an IP address range: '" + text + "'");
        }
        int prefix;
        try {
            prefix = slash < 0 ? network.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IP address range: '" + text + "'");
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix out of range in '" + text + "'");
        }
        return new Cidr(network, prefix);
    }

    /** The bytes of an IP literal (brackets allowed), or null when it is not one; never a DNS lookup. */
    static byte[] literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return NetUtil.createByteArrayFromIpAddressString(bare);
    }

    boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

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
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (address[full] & mask) == (network[full] & mask);
    }
}
