package io.ticketflow.devstack;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the devstack is told by its environment.
 *
 * @param adminKey  null: read {@code admin.key} from the data dir, or generate one there
 * @param kafkaPort broker port; 0 picks a free one (tests)
 */
public record DevStackSettings(String adminKey, Path dataDir, int gatewayPort, int kafkaPort, int mongoPort,
                               int partitions) {

    public static DevStackSettings fromEnvironment(Map<String, String> env) {
        return new DevStackSettings(
                blankToNull(env.get("TICKETFLOW_ADMIN_KEY")),
                Path.of(env.getOrDefault("TICKETFLOW_DATA_DIR", "./data")).toAbsolutePath().normalize(),
                port(env, "TICKETFLOW_GATEWAY_PORT", 8080),
                port(env, "TICKETFLOW_KAFKA_PORT", 9092),
                port(env, "TICKETFLOW_MONGO_PORT", 27017),
                port(env, "TICKETFLOW_KAFKA_PARTITIONS", 4));
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
