package io.ticketflow.platform.config;

import io.ticketflow.contracts.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.ticketflow.platform.egress.EgressPolicy;
import io.ticketflow.platform.egress.EgressProperties;
import io.ticketflow.platform.internal.CommandSignatures;
import io.ticketflow.platform.internal.InternalAuthProperties;
import io.ticketflow.platform.internal.InternalCallFilter;
import io.ticketflow.platform.internal.InternalSecret;
import io.ticketflow.platform.messaging.ConsumerProperties;
import io.ticketflow.platform.messaging.ConsumerStatus;
import io.ticketflow.platform.messaging.DeadLetters;
import io.ticketflow.platform.messaging.EventPublisher;
import io.ticketflow.platform.messaging.OrderedConsumer;
import io.ticketflow.platform.messaging.OrderedConsumers;
import io.ticketflow.platform.messaging.KeyedSerialExecutor;
import io.ticketflow.platform.web.ApiExceptionHandler;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import com.mongodb.reactivestreams.client.MongoClient;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;

@AutoConfiguration(afterName = "org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration")
@Import(ApiExceptionHandler.class)
@EnableConfigurationProperties({ConsumerProperties.class, InternalAuthProperties.class, EgressProperties.class})
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


    @Bean
    DeadLetters deadLetters(EventPublisher publisher) {
        return new DeadLetters(publisher);
    }

    @Bean
    OrderedConsumers orderedConsumers(KafkaProperties kafka, KeyedSerialExecutor order, DeadLetters deadLetters,
                                      ConsumerProperties settings, Clock clock) {
        return new OrderedConsumers(kafka.buildConsumerProperties(), order, deadLetters, settings, clock);
    }

    /** Per consumer: messages waiting on the broker, in work, and partitions stalled (for dashboards and alerts). */
    @Bean
    public MeterBinder consumerMeters(ObjectProvider<OrderedConsumer> consumers) {
        return registry -> consumers.orderedStream().forEach(consumer -> {
            Tags tags = Tags.of("consumer", consumer.name(), "group", String.valueOf(consumer.status().group()));
            Gauge.builder("ticketflow.consumer.lag", consumer, c -> c.status().partitions().stream()
                            .mapToLong(ConsumerStatus.PartitionStatus::lag).sum())
                    .description("Messages on the broker not yet taken by the consumer").tags(tags).register(registry);
            Gauge.builder("ticketflow.consumer.in.flight", consumer, c -> c.status().partitions().stream()
                            .mapToLong(ConsumerStatus.PartitionStatus::inFlight).sum())
                    .description("Messages taken but not finished").tags(tags).register(registry);
            Gauge.builder("ticketflow.consumer.stalled.partitions", consumer, c -> c.status().stalled().size())
                    .description("Partitions with work waiting and no progress for stall-after").tags(tags)
                    .register(registry);
        });
    }

    @Bean(name = "consumersHealthIndicator")
    HealthIndicator consumersHealthIndicator(ObjectProvider<OrderedConsumer> consumers) {
        return new ConsumersHealthIndicator(consumers.orderedStream().toList());
    }

    @Bean
    KafkaAdmin.NewTopics ticketflowTopics(@Value("${ticketflow.kafka.partitions:4}") int partitions,
                                          @Value("${ticketflow.kafka.replication-factor:1}") short replicas) {
        return new KafkaAdmin.NewTopics(
                topic(Topics.COMMANDS, partitions, replicas),
                topic(Topics.REPLIES, partitions, replicas),
                topic(Topics.COMMANDS_DLQ, 1, replicas),
                topic(Topics.TICKET_EVENTS, partitions, replicas),
                topic(Topics.TICKET_EVENTS_DLQ, 1, replicas),
                topic(Topics.FLOW_PROGRESS, partitions, replicas),
                topic(Topics.FLOW_PROGRESS_DLQ, 1, replicas),
                topic(Topics.FLOW_DEFINITIONS_DLQ, 1, replicas),
                topic(Topics.GROUPS_DLQ, 1, replicas),
                topic(Topics.JOBS, partitions, replicas),
                topic(Topics.JOB_COMMANDS, partitions, replicas),
                topic(Topics.JOB_COMMANDS_DLQ, 1, replicas),
                topic(Topics.MESSAGE_COMMANDS, partitions, replicas),
                topic(Topics.MESSAGE_COMMANDS_DLQ, 1, replicas),
                topic(Topics.CALL_RESULTS, partitions, replicas),
                topic(Topics.CALL_RESULTS_DLQ, 1, replicas),
                TopicBuilder.name(Topics.FLOW_DEFINITIONS).partitions(partitions).replicas(replicas)
                        .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT).build(),
                TopicBuilder.name(Topics.GROUPS).partitions(1).replicas(replicas)
                        .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT).build());
    }

    private static NewTopic topic(String name, int partitions, short replicas) {
        return TopicBuilder.name(name).partitions(partitions).replicas(replicas).build();
    }
}
