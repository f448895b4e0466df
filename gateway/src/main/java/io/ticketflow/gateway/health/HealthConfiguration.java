package io.ticketflow.gateway.health;

import io.ticketflow.gateway.command.RepliesAssignment;
import io.ticketflow.gateway.routing.OwningService;
import io.ticketflow.gateway.routing.RoutingProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway is UP only when it can do its job: reach Kafka, hear replies, and reach every service it routes to.
 * Components: {@code kafka}, {@code replies}, {@code services} (one entry per service), and {@code mongo} (API
 * keys). Spring Cloud Stream's binder indicator and Boot's Mongo indicator are switched off in gateway.yml: the
 * first can take a minute to answer when Kafka is down, the second fails on the embedded MongoDB server.
 */
@Configuration(proxyBeanMethods = false)
public class HealthConfiguration {

    @Bean(destroyMethod = "close")
    Admin healthAdmin(KafkaProperties kafka, HealthProperties health) {
        Map<String, Object> config = new LinkedHashMap<>(kafka.buildAdminProperties());
        int timeout = (int) health.timeout().toMillis();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "gateway-health");
        return Admin.create(config);
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(Admin healthAdmin, HealthProperties health) {
        return new KafkaHealthIndicator(healthAdmin, health);
    }

    @Bean
    MongoPingHealthIndicator mongoHealthIndicator(ReactiveMongoTemplate mongo, HealthProperties health) {
        return new MongoPingHealthIndicator(mongo, health);
    }

    @Bean
    RepliesHealthIndicator repliesHealthIndicator(RepliesAssignment assignment) {
        return new RepliesHealthIndicator(assignment);
    }

    @Bean
    CompositeReactiveHealthContributor servicesHealthContributor(WebClient serviceClient, RoutingProperties routing,
                                                                 HealthProperties health) {
        Map<String, ReactiveHealthContributor> services = new LinkedHashMap<>();
        for (OwningService service : OwningService.values()) {
            services.put(service.key(),
                    new ServiceHealthIndicator(serviceClient, routing.services().of(service), health));
        }
        return CompositeReactiveHealthContributor.fromMap(services);
    }
}
