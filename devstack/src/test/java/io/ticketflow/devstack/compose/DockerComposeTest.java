package io.ticketflow.devstack.compose;

import io.ticketflow.gateway.routing.OwningService;
import io.ticketflow.gateway.routing.RoutingProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot run on a machine without a Docker engine, so it is checked here: every service is
 * there, built from a Dockerfile that copies the jar Maven builds, and every variable it sets is one the service
 * reads.
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Map<String, Integer> APPS = Map.of("gateway", 8080, "ticket-service", 8081,
            "flow-service", 8082, "variable-service", 8083, "notification-service", 8084);

    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void hasRealKafkaInKraftModeRealMongoAndTheFiveServices() {
        assertThat(services.keySet()).containsExactlyInAnyOrder("kafka", "mongodb", "gateway", "ticket-service",
                "flow-service", "variable-service", "notification-service");
        assertThat((String) services.get("kafka").get("image")).startsWith("apache/kafka:");
        assertThat(env("kafka")).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka:9092");
        assertThat((String) services.get("mongodb").get("image")).startsWith("mongo:");
    }

    @Test
    void everyServiceIsBuiltFromItsDockerfileCopyingTheJarMavenBuilds() throws IOException {
        for (var app : APPS.entrySet()) {
            String name = app.getKey();
            Path context = ROOT.resolve((String) services.get(name).get("build")).normalize();
            assertThat(context).isEqualTo(ROOT.resolve(name));
            String dockerfile = Files.readString(context.resolve("Dockerfile"));
            assertThat(dockerfile).contains("COPY target/" + name + "-exec.jar").contains("EXPOSE " + app.getValue());
            String pom = Files.readString(context.resolve("pom.xml"));
            assertThat(pom).contains("<artifactId>" + name + "</artifactId>").contains("spring-boot-maven-plugin");
        }
        String parentPom = Files.readString(ROOT.resolve("pom.xml"));
        assertThat(parentPom).contains("<classifier>exec</classifier>");
    }

    @Test
    void everyServiceReachesKafkaAndMongoByTheirComposeNamesAndListensWhereTheGatewayLooks() throws IOException {
        String platformDefaults = Files.readString(ROOT.resolve(
                "platform/src/main/java/io/ticketflow/platform/config/PlatformDefaults.java"));
        assertThat(platformDefaults).contains("${ticketflow.kafka.bootstrap-servers:", "${ticketflow.mongo.uri:");
        String platformConfiguration = Files.readString(ROOT.resolve(
                "platform/src/main/java/io/ticketflow/platform/config/PlatformAutoConfiguration.java"));
        assertThat(platformConfiguration).contains("${ticketflow.kafka.partitions:");
        Map<String, Object> gatewayEnv = env("gateway");
        for (var app : APPS.entrySet()) {
            String name = app.getKey();
            Map<String, Object> env = env(name);
            assertThat(env).containsEntry("TICKETFLOW_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                    .containsEntry("TICKETFLOW_MONGO_URI", "mongodb://mongodb:27017");
            String portVariable = "TICKETFLOW_" + name.toUpperCase().replace('-', '_') + "_PORT";
            assertThat(env).containsEntry(portVariable, Integer.toString(app.getValue()));
            String config = Files.readString(ROOT.resolve(name + "/src/main/resources/" + name + ".yml"));
            assertThat(config).contains("${" + portVariable + ":" + app.getValue() + "}");
            if (!name.equals("gateway")) {
                String key = "TICKETFLOW_GATEWAY_SERVICES_" + switch (name) {
                    case "ticket-service" -> "TICKETS";
                    case "flow-service" -> "FLOWS";
                    case "variable-service" -> "VARIABLES";
                    default -> "NOTIFICATIONS";
                };
                assertThat(gatewayEnv).containsEntry(key, "http://" + name + ":" + app.getValue());
            }
        }
    }

    /** Issue 9 item 2: in compose the internal secret comes from the environment, the same for all five. */
    @Test
    void everyServiceTakesTheInternalSecretFromTheEnvironmentAndKnowsTheStacksOwnEndpoints() {
        for (String name : APPS.keySet()) {
            Map<String, Object> env = env(name);
            assertThat((String) env.get("TICKETFLOW_INTERNAL_SECRET")).as(name)
                    .startsWith("${TICKETFLOW_INTERNAL_SECRET:?");
            String protectedEndpoints = (String) env.get("TICKETFLOW_EGRESS_PROTECTED_ENDPOINTS");
            assertThat(protectedEndpoints).as(name).contains("kafka:9092", "mongodb:27017");
            for (var app : APPS.entrySet()) {
                assertThat(protectedEndpoints).contains(app.getKey() + ":" + app.getValue());
            }
        }
        // only the gateway is published
        services.forEach((name, service) -> {
            if (!name.equals("gateway")) {
                assertThat(service.get("ports")).as(name).isNull();
            }
        });
    }

    @Test
    void theGatewayTakesTheAdminKeyFromTheEnvironmentAndPublishesItsPort() throws IOException {
        assertThat((String) env("gateway").get("TICKETFLOW_ADMIN_KEY")).startsWith("${TICKETFLOW_ADMIN_KEY");
        assertThat((List<?>) services.get("gateway").get("ports")).singleElement().asString().endsWith(":8080");
        String gatewayConfig = Files.readString(ROOT.resolve("gateway/src/main/resources/gateway.yml"));
        assertThat(gatewayConfig).contains("TICKETFLOW_ADMIN_KEY");
    }

    /** The gateway's own binding of its compose environment (relaxed names, as Boot reads them) routes to the services. */
    @Test
    void theGatewayBindsTheComposeServiceUrls() {
        var source = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env("gateway"));
        Binder binder = new Binder(ConfigurationPropertySources.from(source));

        RoutingProperties.Services services = binder.bindOrCreate("ticketflow.gateway", RoutingProperties.class)
                .services();
        for (var app : APPS.entrySet()) {
            if (!app.getKey().equals("gateway")) {
                assertThat(services.of(owner(app.getKey()))).as(app.getKey())
                        .isEqualTo(URI.create("http://" + app.getKey() + ":" + app.getValue()));
            }
        }
    }

    private static OwningService owner(String service) {
        return switch (service) {
            case "ticket-service" -> OwningService.TICKETS;
            case "flow-service" -> OwningService.FLOWS;
            case "variable-service" -> OwningService.VARIABLES;
            default -> OwningService.NOTIFICATIONS;
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> env(String service) {
        return (Map<String, Object>) services.get(service).get("environment");
    }
}
