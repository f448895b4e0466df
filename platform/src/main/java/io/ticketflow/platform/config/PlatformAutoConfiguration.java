package io.ticketflow.platform.config;

import io.ticketflow.contracts.Topics;
import io.ticketflow.platform.egress.EgressPolicy;
import io.ticketflow.platform.egress.EgressProperties;
import io.ticketflow.platform.internal.CommandSignatures;
import io.ticketflow.platform.internal.InternalAuthProperties;
import io.ticketflow.platform.internal.InternalCallFilter;
import io.ticketflow.platform.internal.InternalSecret;
import io.ticketflow.platform.messaging.EventPublisher;
import io.ticketflow.platform.messaging.KeyedSerialExecutor;
import io.ticketflow.platform.web.ApiExceptionHandler;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import com.mongodb.reactivestreams.client.MongoClient;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;

@AutoConfiguration(afterName = "org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration")
@Import(ApiExceptionHandler.class)
@EnableConfigurationProperties({InternalAuthProperties.class, EgressProperties.class})
public class PlatformAutoConfiguration {

    /** For HTTP nodes and webhooks: see {@link EgressPolicy}; the stack's own endpoints are never reachable. */
    @Bean
    EgressPolicy egressPolicy(EgressProperties properties, Environment environment) {
        return EgressPolicy.of(properties, environment);
    }

    @Bean
    ApplicationListener<WebServerInitializedEvent> egressProtectsOwnPort(EgressPolicy egressPolicy) {
        return event -> egressPolicy.protect("localhost:" + event.getWebServer().getPort());
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Required: a service started without the shared secret fails here instead of running open. */
    @Bean
    InternalSecret internalSecret(InternalAuthProperties properties) {
        return InternalSecret.of(properties);
    }

    @Bean
    CommandSignatures commandSignatures(InternalSecret internalSecret) {
        return new CommandSignatures(internalSecret);
    }

    /** Every service's HTTP API is internal: only calls the gateway signed pass. Off in the gateway itself. */
    @Bean
    @ConditionalOnProperty(name = "ticketflow.internal.verify-calls", havingValue = "true", matchIfMissing = true)
    InternalCallFilter internalCallFilter(InternalSecret internalSecret, Clock clock,
                                          InternalAuthProperties properties) {
        return new InternalCallFilter(internalSecret, clock, properties.maxAge());
    }

    @Bean(name = "mongoHealthIndicator")
    @ConditionalOnMissingBean(name = "mongoHealthIndicator")
    @ConditionalOnBean(MongoClient.class)
    ReactiveHealthIndicator mongoHealthIndicator(MongoClient client) {
        return () -> Mono.from(client.getDatabase("admin").runCommand(new Document("ping", 1)))
                .map(answer -> Health.up().build())
                .timeout(Duration.ofSeconds(2))
                .onErrorResume(e -> Mono.just(Health.down(e).build()));
    }

    @Bean
    KeyedSerialExecutor keyedSerialExecutor() {
        return new KeyedSerialExecutor();
    }

    @Bean
    EventPublisher eventPublisher(KafkaProperties properties) {
        var factory = new DefaultKafkaProducerFactory<String, byte[]>(properties.buildProducerProperties());
        return new EventPublisher(new KafkaTemplate<>(factory));
    }

    /**
     * Lets AckingConsumer acknowledge from MongoDB's threads; the container commits in offset order. The short
     * poll timeout bounds how long an acknowledgement that arrives between two polls waits to be seen: the
     * container only wakes its consumer for acks once it has paused for them.
     */
    @Bean
    ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> asyncAcks(
            @Value("${ticketflow.kafka.poll-timeout-ms:20}") long pollTimeoutMs) {
        return (container, destination, group) -> {
            container.getContainerProperties().setAsyncAcks(true);
            container.getContainerProperties().setPollTimeout(pollTimeoutMs);
        };
    }

    @Bean
    KafkaAdmin.NewTopics ticketflowTopics(@Value("${ticketflow.kafka.partitions:4}") int partitions,
                                          @Value("${ticketflow.kafka.replication-factor:1}") short replicas) {
        return new KafkaAdmin.NewTopics(
                topic(Topics.COMMANDS, partitions, replicas),
                topic(Topics.REPLIES, partitions, replicas),
                topic(Topics.COMMANDS_DLQ, 1, replicas),
                topic(Topics.TICKET_EVENTS, partitions, replicas),
                topic(Topics.FLOW_PROGRESS, partitions, replicas),
                TopicBuilder.name(Topics.FLOW_DEFINITIONS).partitions(partitions).replicas(replicas)
                        .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT).build());
    }

    private static NewTopic topic(String name, int partitions, short replicas) {
        return TopicBuilder.name(name).partitions(partitions).replicas(replicas).build();
    }
}
