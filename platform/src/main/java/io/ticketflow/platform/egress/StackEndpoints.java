package io.ticketflow.platform.egress;

import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.List;

/** The stack's own endpoints a service knows by itself: its Kafka bootstrap servers and its MongoDB hosts. */
final class StackEndpoints {

    private StackEndpoints() {
    }

    static List<String> of(Environment environment) {
        List<String> endpoints = new ArrayList<>();
        String kafka = environment.getProperty("spring.kafka.bootstrap-servers", "");
        for (String server : kafka.split(",")) {
            addWithDefaultPort(endpoints, server, 9092);
        }
        endpoints.addAll(mongoHosts(environment.getProperty("spring.mongodb.uri", "")));
        return endpoints;
    }

    /** {@code mongodb://user:pw@h1:27017,h2/db?x} → {@code h1:27017, h2:27017}; SRV URIs name no ports. */
    static List<String> mongoHosts(String uri) {
        List<String> hosts = new ArrayList<>();
        if (!uri.startsWith("mongodb://")) {
            return hosts;
        }
        String rest = uri.substring("mongodb://".length());
        int end = rest.length();
        for (char stop : new char[] {'/', '?'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String authority = rest.substring(0, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        for (String host : authority.split(",")) {
            addWithDefaultPort(hosts, host, 27017);
        }
        return hosts;
    }

    private static void addWithDefaultPort(List<String> endpoints, String hostPort, int defaultPort) {
        String trimmed = hostPort.trim();
        if (trimmed.isEmpty()) {
            return;
        }
        boolean hasPort = trimmed.startsWith("[") ? trimmed.contains("]:") : trimmed.indexOf(':') > 0
                && trimmed.indexOf(':') == trimmed.lastIndexOf(':');
        endpoints.add(hasPort ? trimmed : trimmed + ":" + defaultPort);
    }
}
