package io.ticketflow.platform.egress;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * Where automatic calls (HTTP nodes, webhooks) may go ({@code ticketflow.egress.*}).
 *
 * @param allow              {@code TICKETFLOW_EGRESS_ALLOW}: comma-separated {@code host:port}, {@code host} or CIDR
 *                           entries let through although the address is loopback, link-local, private or otherwise
 *                           refused by default; a host name entry matches the name written in the URL, an address or
 *                           CIDR entry the address connected to
 * @param protectedEndpoints {@code host:port} of the stack's own Kafka, MongoDB and service ports: refused even when
 *                           an allow entry would let them through. The service's own Kafka bootstrap servers, MongoDB
 *                           hosts and HTTP port are added on their own.
 */
@ConfigurationProperties("ticketflow.egress")
public record EgressProperties(@DefaultValue List<String> allow,
                               @DefaultValue List<String> protectedEndpoints) {
}
