package io.ticketflow.platform.egress;

import io.netty.resolver.AddressResolverGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import reactor.netty.http.client.HttpClient;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where HTTP nodes and webhooks may connect. Refused: the stack's own endpoints (always), then, unless an allow entry
 * lets them through, loopback, unspecified, link-local, private, shared (CGNAT), multicast and reserved addresses,
 * also when embedded in an IPv6 address. The check runs on the addresses a host name resolves to, every one of
 * them, inside the HTTP client's resolver ({@link #resolverGroup()}), so the address checked is the address
 * connected to: a name that resolves elsewhere the second time (DNS rebinding) is checked again, and each redirect
 * hop is a new connection through the same resolver.
 */
public final class EgressPolicy {

    /** Resolves a host name; the JDK's by default, replaceable in tests. Runs off the event loop. */
    @FunctionalInterface
    public interface HostLookup {
        InetAddress[] lookup(String host) throws UnknownHostException;
    }

    private static final Logger log = LoggerFactory.getLogger(EgressPolicy.class);

    private static final List<Cidr> REFUSED = List.of(
            Cidr.parse("0.0.0.0/8"),        // unspecified, "this network"
            Cidr.parse("10.0.0.0/8"),
            Cidr.parse("100.64.0.0/10"),    // shared address space (CGNAT; some clouds' metadata)
            Cidr.parse("127.0.0.0/8"),
            Cidr.parse("169.254.0.0/16"),   // link-local, cloud metadata
            Cidr.parse("172.16.0.0/12"),
            Cidr.parse("192.0.0.0/24"),
            Cidr.parse("192.168.0.0/16"),
            Cidr.parse("198.18.0.0/15"),
            Cidr.parse("224.0.0.0/4"),      // multicast
            Cidr.parse("240.0.0.0/4"),      // reserved, broadcast
            Cidr.parse("::/128"),
            Cidr.parse("::1/128"),
            Cidr.parse("fe80::/10"),
            Cidr.parse("fec0::/10"),
            Cidr.parse("fc00::/7"),
            Cidr.parse("ff00::/8"));
    /** IPv6 ranges that carry an IPv4 address, which is checked too: IPv4-compatible, NAT64, 6to4. */
    private static final Cidr V4_COMPATIBLE = Cidr.parse("::/96");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

    private final List<AllowEntry> allowed;
    // grows once at start-up: a service's own HTTP port is known only when its server listens (tests use port 0)
    private final List<Endpoint> protectedEndpoints;
    private final HostLookup lookup;
    private final Set<InetAddress> localAddresses;

    public EgressPolicy(List<String> allow, List<String> protectedEndpoints, HostLookup lookup) {
        this.allowed = allow.stream().filter(e -> !e.isBlank()).map(AllowEntry::parse).toList();
        this.protectedEndpoints = new CopyOnWriteArrayList<>(protectedEndpoints.stream().filter(e -> !e.isBlank())
                .map(Endpoint::parse).toList());
        this.lookup = lookup;
        this.localAddresses = localAddresses();
    }

    public EgressPolicy(List<String> allow, List<String> protectedEndpoints) {
        this(allow, protectedEndpoints, InetAddress::getAllByName);
    }

    /** A service's policy: its configuration plus the Kafka and MongoDB endpoints it connects to itself. */
    public static EgressPolicy of(EgressProperties properties, Environment environment) {
        List<String> protectedEndpoints = new ArrayList<>(properties.protectedEndpoints());
        protectedEndpoints.addAll(StackEndpoints.of(environment));
        return new EgressPolicy(properties.allow(), protectedEndpoints);
    }

    /** Refuses {@code host:port} too, whatever the allow entries say. */
    public void protect(String hostPort) {
        protectedEndpoints.add(Endpoint.parse(hostPort));
    }

    /** Routes {@code client}'s connections through this policy; redirects are not followed. */
    public HttpClient apply(HttpClient client) {
        return client.resolver(resolverGroup()).followRedirect(false);
    }

    public AddressResolverGroup<InetSocketAddress> resolverGroup() {
        return new EgressResolverGroup(this);
    }

    /**
     * Resolves {@code host} and checks every address it resolves to; blocking (DNS), so never on an event loop.
     *
     * @throws EgressDeniedException when any of them is refused
     * @throws UnknownHostException  when the name does not resolve
     */
    public List<InetAddress> resolve(String host, int port) throws UnknownHostException {
        byte[] literal = Cidr.literal(host);
        InetAddress[] addresses = literal != null ? new InetAddress[] {InetAddress.getByAddress(host, literal)}
                : lookup.lookup(host);
        for (InetAddress address : addresses) {
            String why = refusal(host, address, port);
            if (why != null) {
                log.info("Egress refused: {}:{} ({}): {}", host, port, address.getHostAddress(), why);
                throw new EgressDeniedException(why);
            }
        }
        return List.of(addresses);
    }

    /**
     * The check for a URL given to us to call later (a webhook's): resolves it now. A name that does not resolve
     * passes: it is checked again, like every address, when it is called.
     *
     * @throws EgressDeniedException when the URL's host resolves to a refused address
     */
    public void check(URI url) {
        String host = url.getHost();
        if (host == null) {
            throw new EgressDeniedException("no host in " + url);
        }
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        try {
            resolve(host, port);
        } catch (UnknownHostException unknown) {
            log.debug("{} does not resolve now; checked again when called", host);
        }
    }

    /** Why {@code address} (what {@code host} resolved to) may not be called on {@code port}, or null. */
    String refusal(String host, InetAddress address, int port) {
        for (Endpoint endpoint : protectedEndpoints) {
            if (endpoint.port() == port && isSameHost(endpoint.host(), address)) {
                return "one of the stack's own endpoints (" + endpoint + ")";
            }
        }
        for (AllowEntry entry : allowed) {
            if (entry.allows(host, address, port)) {
                return null;
            }
        }
        if (refused(address.getAddress())) {
            return "address " + address.getHostAddress() + " is loopback, link-local, private or reserved";
        }
        return null;
    }

    private static boolean refused(byte[] address) {
        for (Cidr range : REFUSED) {
            if (range.contains(address)) {
                return true;
            }
        }
        if (address.length == 16) {
            byte[] embedded = null;
            if (V4_COMPATIBLE.contains(address) || NAT64.contains(address)) {
                embedded = new byte[] {address[12], address[13], address[14], address[15]};
            } else if (SIX_TO_FOUR.contains(address)) {
                embedded = new byte[] {address[2], address[3], address[4], address[5]};
            }
            return embedded != null && refused(embedded);
        }
        return false;
    }

    /** The endpoint's host is this address: by name or literal, or it is local and so is the address. */
    private boolean isSameHost(String endpointHost, InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || localAddresses.contains(address)) {
            return true; // the stack's ports on this machine, whatever address reaches them
        }
        try {
            byte[] literal = Cidr.literal(endpointHost);
            InetAddress[] endpointAddresses = literal != null
                    ? new InetAddress[] {InetAddress.getByAddress(literal)} : lookup.lookup(endpointHost);
            for (InetAddress candidate : endpointAddresses) {
                if (candidate.equals(address)) {
                    return true;
                }
            }
        } catch (UnknownHostException unknown) {
            return false;
        }
        return false;
    }

    private static Set<InetAddress> localAddresses() {
        Set<InetAddress> addresses = new HashSet<>();
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                addresses.addAll(Collections.list(network.getInetAddresses()).stream()
                        .map(EgressPolicy::withoutScope).toList());
            }
        } catch (SocketException | RuntimeException e) {
            log.warn("Could not list this machine's addresses: {}", e.toString());
        }
        return Set.copyOf(addresses);
    }

    private static InetAddress withoutScope(InetAddress address) {
        if (address instanceof Inet6Address) {
            try {
                return InetAddress.getByAddress(address.getAddress());
            } catch (UnknownHostException impossible) {
                return address;
            }
        }
        return address;
    }

    @Override
    public String toString() {
        return "EgressPolicy[allow=" + allowed + ", protected=" + protectedEndpoints + "]";
    }

    /** {@code host:port}, {@code [v6]:port}: the stack's own endpoints. */
    record Endpoint(String host, int port) {

        static Endpoint parse(String text) {
            String trimmed = text.trim();
            int colon = trimmed.lastIndexOf(':');
            if (colon <= 0 || (trimmed.indexOf(':') != colon && !trimmed.startsWith("["))) {
                throw new IllegalArgumentException("a protected endpoint is host:port, not '" + text + "'");
            }
            String host = trimmed.substring(0, colon);
            return new Endpoint(host.startsWith("[") ? host.substring(1, host.length() - 1) : host,
                    Integer.parseInt(trimmed.substring(colon + 1)));
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** One {@code TICKETFLOW_EGRESS_ALLOW} entry: a CIDR range, or a host (name or address) with or without port. */
    record AllowEntry(Cidr range, String host, byte[] address, int port, String text) {

        static AllowEntry parse(String text) {
            String trimmed = text.trim();
            if (trimmed.contains("/")) {
                return new AllowEntry(Cidr.parse(trimmed), null, null, -1, trimmed);
            }
            String host = trimmed;
            int port = -1;
            int colon = trimmed.lastIndexOf(':');
            boolean bracketed = trimmed.startsWith("[");
            boolean bareV6 = !bracketed && trimmed.indexOf(':') != colon;
            if (colon > 0 && !bareV6 && (!bracketed || trimmed.charAt(colon - 1) == ']')) {
                host = trimmed.substring(0, colon);
                try {
                    port = Integer.parseInt(trimmed.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("an egress allow entry is host, host:port or a CIDR range, "
                            + "not '" + text + "'");
                }
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            String name = normalise(host);
            return new AllowEntry(null, name, Cidr.literal(name), port, trimmed);
        }

        boolean allows(String requestedHost, InetAddress connected, int connectedPort) {
            if (range != null) {
                return range.contains(connected);
            }
            if (port >= 0 && port != connectedPort) {
                return false;
            }
            if (address != null) {
                return java.util.Arrays.equals(address, connected.getAddress());
            }
            return host.equals(normalise(requestedHost));
        }

        private static String normalise(String host) {
            String lower = host.toLowerCase(Locale.ROOT);
            if (lower.startsWith("[") && lower.endsWith("]")) {
                lower = lower.substring(1, lower.length() - 1);
            }
            return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
