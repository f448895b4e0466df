package io.ticketflow.devstack;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the devstack is told by its environment.
 *
 * @param adminKey    null: read {@code admin.key} from the data dir, or generate one there
 * @param kafkaPort   broker port; 0 picks a free one (tests)
 * @param egressAllow {@code TICKETFLOW_EGRESS_ALLOW} for HTTP nodes and webhooks; null: none (the stack's
 *                    insides, loopback and private addresses stay unreachable)
 */
public record DevStackSettings(String adminKey, Path dataDir, int gatewayPort, int kafkaPort, int mongoPort,
                               int partitions, String egressAllow) {

    public DevStackSettings(String adminKey, Path dataDir, int gatewayPort, int kafkaPort, int mongoPort,
                            int partitions) {
        this(adminKey, dataDir, gatewayPort, kafkaPort, mongoPort, partitions, null);
    }

    public static DevStackSettings fromEnvironment(Map<String, String> env) {
        return new DevStackSettings(
                blankToNull(env.get("TICKETFLOW_ADMIN_KEY")),
                Path.of(env.getOrDefault("TICKETFLOW_DATA_DIR", "./data")).toAbsolutePath().normalize(),
                port(env, "TICKETFLOW_GATEWAY_PORT", 8080),
                port(env, "TICKETFLOW_KAFKA_PORT", 9092),
                port(env, "TICKETFLOW_MONGO_PORT", 27017),
                port(env, "TICKETFLOW_KAFKA_PARTITIONS", 4),
                blankToNull(env.get("TICKETFLOW_EGRESS_ALLOW")));
    }

    public DevStackSettings withEgressAllow(String allow) {
        return new DevStackSettings(adminKey, dataDir, gatewayPort, kafkaPort, mongoPort, partitions, allow);
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not '" + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
