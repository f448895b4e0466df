package io.ticketflow.platform.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings every service shares, at the lowest precedence so a service's own file or the environment wins.
 * Kept here rather than copied into five YAML files so the wire guarantees (acks=all, idempotent producers,
 * commits only after the effect is stored) cannot drift between services.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("spring.kafka.bootstrap-servers", "${ticketflow.kafka.bootstrap-servers:localhost:9092}");
        defaults.put("spring.kafka.producer.key-serializer", "org.apache.kafka.common.serialization.StringSerializer");
        defaults.put("spring.kafka.producer.value-serializer",
                "org.apache.kafka.common.serialization.ByteArraySerializer");
        defaults.put("spring.kafka.producer.acks", "all");
        defaults.put("spring.kafka.producer.properties.enable.idempotence", "true");
        defaults.put("spring.kafka.producer.properties.linger.ms", "1");
        defaults.put("spring.kafka.producer.properties.max.in.flight.requests.per.connection", "5");
        defaults.put("spring.mongodb.uri", "${ticketflow.mongo.uri:mongodb://localhost:27017}");
        defaults.put("management.endpoints.web.exposure.include", "health,info");
        defaults.put("management.endpoint.health.show-components", "always");
        defaults.put("spring.main.banner-mode", "off");
        // Boot's problem-details advice would answer framework errors first, without our "code".
        defaults.put("spring.webflux.problemdetails.enabled", "false");
        // Boot's Mongo check sends 'hello', which the embedded MongoDB-wire server does not know: see MongoPing.
        defaults.put("management.health.mongodb.enabled", "false");
        environment.getPropertySources().addLast(new MapPropertySource("ticketflowPlatformDefaults", defaults));
    }
}
