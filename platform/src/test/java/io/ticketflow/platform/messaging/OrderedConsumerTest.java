package io.ticketflow.platform.messaging;

import io.ticketflow.platform.testing.EmbeddedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer every service uses, on a real broker: order per key, retries without skipping or committing past a
 * failing message, poison and null values dead-lettered, rebalances with work in flight, and stall detection.
 */
class OrderedConsumerTest {

    private final String bootstrap = EmbeddedInfrastructure.kafkaBootstrap();
    private final List<OrderedConsumer> started = new ArrayList<>();
    private String topic;
    private String group;
    private Admin admin;
    private KafkaProducer<String, byte[]> producer;
    private EventPublisher publisher;

    @BeforeEach
    void setUp() throws Exception {
        topic = "ordered-" + UUID.randomUUID();
        group = "group-" + UUID.randomUUID();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1), new NewTopic(topic + ".dlq", 1, (short) 1)))
                .all().get(10, TimeUnit.SECONDS);
        Map<String, Object> producerProps = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        publisher = new EventPublisher(new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(producerProps,
                new StringSerializer(), new ByteArraySerializer())));
    }

    @AfterEach
    void tearDown() {
        started.forEach(OrderedConsumer::stop);
        producer.close();
        admin.close();
    }

    @Test
    void aFailingMessageIsRetriedWhileLaterMessagesOfItsKeyWaitOtherKeysFlowAndNothingIsCommittedPastIt() {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch healed = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        start(settings(), message -> {
            String value = text(message);
            if (value.equals("a1") && attempts.incrementAndGet() > 0 && healed.getCount() > 0) {
                return Mono.error(new IOException("store unreachable")); // can heal
            }
            handled.add(value);
            return Mono.empty();
        });

        send(0, "k1", "a1");
        send(0, "k1", "a2");
        send(0, "k2", "b1");
        send(0, "k2", "b2");

        await().atMost(Duration.ofSeconds(20)).until(() -> handled.containsAll(List.of("b1", "b2")));
        // k1 waits for its failing first message; the partition's commit cannot pass offset 0
        assertThat(handled).doesNotContain("a1", "a2");
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
                .until(() -> committed(0) == null || committed(0).offset() == 0);

        assertThat(attempts.get()).isGreaterThan(2);
        healed.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 4);
        assertThat(handled.stream().filter(v -> v.startsWith("a")).toList()).containsExactly("a1", "a2");
        assertThat(handled).containsExactlyInAnyOrder("a1", "a2", "b1", "b2");
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(0) != null && committed(0).offset() == 4);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void aPoisonMessageIsToldOnceDeadLetteredWithItsReasonAndTheNextMessagesRun() {
        List<String> handled = new CopyOnWriteArrayList<>();
        List<String> told = new CopyOnWriteArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        start(settings(), new MessageHandler() {
            @Override
            public Mono<Void> handle(InboundMessage message) {
                if (text(message).equals("poison")) {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("a bug in a decider");
                }
                handled.add(text(message));
                return Mono.empty();
            }

            @Override
            public Mono<Void> onPoison(InboundMessage message, Throwable failure) {
                told.add(text(message) + ":" + failure.getMessage());
                return Mono.empty();
            }
        });

        send(1, "k1", "poison");
        send(1, "k1", "after");
        send(1, null, "keyless");

        await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 2);
        assertThat(handled).containsExactlyInAnyOrder("after", "keyless");
        assertThat(told).containsExactly("poison:a bug in a decider");
        assertThat(attempts).hasValue(1 + settings().permanentRetries());
        List<ConsumerRecord<String, byte[]>> dead = awaitDeadLetters(1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("poison");
        assertThat(dead.get(0).key()).isEqualTo("k1");
        assertThat(header(dead.get(0), DeadLetters.REASON)).contains("a bug in a decider");
        assertThat(header(dead.get(0), DeadLetters.ORIGIN)).isEqualTo(topic + "-1@0 key=k1");
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(1) != null && committed(1).offset() == 3);
    }

    @Test
    void anInvalidMessageIsDeadLetteredWithoutRetriesAndANullValueWithoutReachingTheHandler() {
        List<String> handled = new CopyOnWriteArrayList<>();
        AtomicInteger invalidAttempts = new AtomicInteger();
        start(settings(), message -> {
            if (text(message).equals("unreadable")) {
                invalidAttempts.incrementAndGet();
                throw new InvalidMessage("not JSON");
            }
            handled.add(text(message));
            return Mono.empty();
        });

        send(2, "k1", "unreadable");
        producer.send(new ProducerRecord<>(topic, 2, "k1", null));
        send(2, "k1", "fine");

        await().atMost(Duration.ofSeconds(20)).until(() -> handled.contains("fine"));
        assertThat(handled).containsExactly("fine");
        assertThat(invalidAttempts).hasValue(1);
        List<ConsumerRecord<String, byte[]>> dead = awaitDeadLetters(2);
        assertThat(header(dead.get(0), DeadLetters.REASON)).isEqualTo("not JSON");
        assertThat(dead.get(1).value()).isNull();
        assertThat(header(dead.get(1), DeadLetters.REASON)).contains("null value");
    }

    @Test
    void rebalancesWithWorkInFlightSkipNothingAndEveryOffsetEndsCommitted() throws Exception {
        Set<String> handled = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> times = new ConcurrentHashMap<>();
        List<String> outOfOrder = new CopyOnWriteArrayList<>();
        Map<String, Integer> lastPerKey = new ConcurrentHashMap<>();
        Function<InboundMessage, Mono<Void>> slow = message -> Mono.delay(Duration.ofMillis(3)).then(Mono.fromRunnable(() -> {
            String value = text(message);
            int seq = Integer.parseInt(value.substring(value.indexOf('#') + 1));
            Integer previous = lastPerKey.put(message.key(), seq);
            if (previous != null && previous > seq) {
                outOfOrder.add(value);
            }
            handled.add(value);
            times.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet();
        }));
        ConsumerProperties settings = settings();
        OrderedConsumer first = start(settings, slow::apply);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String key = "t" + (i % 40);
            String value = key + "#" + i;
            producer.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)));
            sent.add(value);
            if (i == 150) {
                start(settings, slow::apply); // joins: the group rebalances with the first one's work in flight
            }
            if (i == 400) {
                first.stop(); // leaves: its partitions move while messages still arrive
            }
        }
        producer.flush();
        OrderedConsumer third = start(settings, slow::apply);

        await().atMost(Duration.ofSeconds(60)).until(() -> handled.containsAll(sent));
        await().atMost(Duration.ofSeconds(20)).until(() -> IntStream.range(0, 4)
                .allMatch(p -> committed(p) != null && committed(p).offset() == endOffset(p)));
        assertThat(outOfOrder).isEmpty();
        // A message is handled twice only when a holder abandoned it at revocation: none here, all finished in time.
        assertThat(times.values().stream().filter(n -> n.get() > 1).count()).isZero();
        assertThat(third.status().healthy()).isTrue();
    }

    @Test
    void workAbandonedAtRevocationIsCancelledNotCommittedAndTheNextHolderGetsTheMessageAgain() {
        ConsumerProperties quickRevocation = new ConsumerProperties(Duration.ofMillis(50), Duration.ofMillis(100),
                1000, Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofSeconds(1), 2,
                Duration.ofSeconds(6), Duration.ofMillis(1500));
        List<String> firstHolder = new CopyOnWriteArrayList<>();
        List<String> secondHolder = new CopyOnWriteArrayList<>();
        // longer than the revocation allows
        OrderedConsumer first = start(quickRevocation, message -> Mono.delay(Duration.ofSeconds(2))
                .doOnNext(ignored -> firstHolder.add(text(message))).then());
        send(3, "k1", "slow");
        await().atMost(Duration.ofSeconds(20)).until(() -> first.status().partitions().stream()
                .anyMatch(p -> p.inFlight() == 1));

        first.stop(); // revocation: the slow work is abandoned after 300 ms, and its offset not committed
        assertThat(committed(3) == null ? 0 : committed(3).offset()).isZero();
        start(quickRevocation, message -> {
            secondHolder.add(text(message));
            return Mono.empty();
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> secondHolder.contains("slow"));
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(3) != null && committed(3).offset() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(firstHolder::isEmpty);
    }

    @Test
    void aPartitionWhoseMessageNeverFinishesIsReportedStalledByName() {
        ConsumerProperties quickStall = new ConsumerProperties(Duration.ofMillis(50), Duration.ofMillis(100), 1000,
                Duration.ofMillis(300), Duration.ofMillis(700), Duration.ofMillis(50), Duration.ofMillis(200), 2,
                Duration.ofSeconds(6), Duration.ofMillis(1500));
        OrderedConsumer consumer = start(quickStall, message -> text(message).equals("stuck")
                ? Mono.error(new IOException("store unreachable")) : Mono.empty());
        send(0, "k1", "fine");
        await().atMost(Duration.ofSeconds(20)).until(() -> committed(0) != null && committed(0).offset() == 1);
        assertThat(consumer.status().healthy()).isTrue();

        send(0, "k1", "stuck");

        await().atMost(Duration.ofSeconds(20)).until(() -> !consumer.status().healthy());
        assertThat(consumer.status().stalled()).extracting(ConsumerStatus.PartitionStatus::partition)
                .containsExactly(topic + "-0");
        assertThat(consumer.status().polling()).isTrue();
        // and the same as a metric, for dashboards and alerts
        var beans = new org.springframework.beans.factory.support.DefaultListableBeanFactory();
        beans.registerSingleton("consumer", consumer);
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        new io.ticketflow.platform.config.PlatformAutoConfiguration()
                .consumerMeters(beans.getBeanProvider(OrderedConsumer.class)).bindTo(registry);
        assertThat(registry.get("ticketflow.consumer.stalled.partitions").tag("consumer", "test").gauge().value())
                .isEqualTo(1.0);
        assertThat(registry.get("ticketflow.consumer.in.flight").gauge().value()).isEqualTo(1.0);
    }

    // ---- helpers

    private ConsumerProperties settings() {
        return new ConsumerProperties(Duration.ofMillis(50), Duration.ofMillis(100), 1000, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofMillis(500), 2, Duration.ofSeconds(6),
                Duration.ofMillis(1500));
    }

    private OrderedConsumer start(ConsumerProperties settings, MessageHandler handler) {
        var consumers = new OrderedConsumers(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new KeyedSerialExecutor(), new DeadLetters(publisher), settings, Clock.systemUTC());
        OrderedConsumer consumer = consumers.create("test", group, List.of(topic), handler);
        consumer.start();
        started.add(consumer);
        await().atMost(Duration.ofSeconds(30)).until(() -> !consumer.status().partitions().isEmpty());
        return consumer;
    }

    private void send(int partition, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, partition, key, value.getBytes(StandardCharsets.UTF_8))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private OffsetAndMetadata committed(int partition) {
        try {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .get(new TopicPartition(topic, partition));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long endOffset(int partition) {
        try {
            TopicPartition tp = new TopicPartition(topic, partition);
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(10, TimeUnit.SECONDS)
                    .offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ConsumerRecord<String, byte[]>> deadLetters() {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic + ".dlq"));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }
    }

    private List<ConsumerRecord<String, byte[]>> awaitDeadLetters(int count) {
        List<List<ConsumerRecord<String, byte[]>>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            List<ConsumerRecord<String, byte[]>> records = deadLetters();
            found.clear();
            found.add(records);
            return records.size() >= count;
        });
        assertThat(found.get(0)).hasSize(count);
        return found.get(0);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String text(InboundMessage message) {
        return new String(message.payload(), StandardCharsets.UTF_8);
    }
}
