package io.ticketflow.devstack;

import io.ticketflow.flow.FlowServiceApplication;
import io.ticketflow.gateway.GatewayApplication;
import io.ticketflow.notification.NotificationServiceApplication;
import io.ticketflow.ticket.TicketServiceApplication;
import io.ticketflow.variable.VariableServiceApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * ticketflow in one process without Docker: a KRaft Kafka broker, a MongoDB-wire server on a journaled in-memory
 * store, and the five services, each in its own Spring application context exactly as it runs in its own container.
 */
public final class DevStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevStack.class);

    private final EmbeddedKafka kafka;
    private final EmbeddedMongo mongo;
    private final String kafkaBootstrap;
    private final String mongoUri;
    private final Map<String, ServiceSpec> specs = new LinkedHashMap<>();
    private final Map<String, ConfigurableApplicationContext> running = new LinkedHashMap<>();
    private final Map<String, Integer> servicePorts = new LinkedHashMap<>();
    private final String gatewayUrl;
    private final String adminKey;

    private DevStack(EmbeddedKafka kafka, EmbeddedMongo mongo, String kafkaBootstrap, String mongoUri,
                     String gatewayUrl, String adminKey) {
        this.kafka = kafka;
        this.mongo = mongo;
        this.kafkaBootstrap = kafkaBootstrap;
        this.mongoUri = mongoUri;
        this.gatewayUrl = gatewayUrl;
        this.adminKey = adminKey;
    }

    public static void main(String[] args) throws Exception {
        DevStackSettings settings = DevStackSettings.fromEnvironment(System.getenv());
        DevStack stack = start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping ticketflow ...");
            stack.close();
            stopped.countDown();
        }, "devstack-shutdown"));
        System.out.printf("%nticketflow is up%n  gateway:   %s%n  admin key: %s%n  data dir:  %s%n"
                        + "  kafka:     %s%n  mongodb:   %s%nCtrl-C stops it; a restart on the same data dir resumes every ticket.%n%n",
                stack.gatewayUrl(), stack.adminKey(), settings.dataDir(), stack.kafkaBootstrap(), stack.mongoUri());
        stopped.await();
    }

    public static DevStack start(DevStackSettings settings) throws Exception {
        long started = System.nanoTime();
        Path dataDir = settings.dataDir();
        Files.createDirectories(dataDir);
        String adminKey = settings.adminKey() != null ? settings.adminKey() : storedOrNewAdminKey(dataDir);
        int kafkaPort = portOrFree(settings.kafkaPort());
        int controllerPort = freePort();
        int mongoPort = portOrFree(settings.mongoPort());
        int gatewayPort = portOrFree(settings.gatewayPort());

        EmbeddedMongo mongo = EmbeddedMongo.start(dataDir.resolve("mongo"), mongoPort);
        EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), kafkaPort, controllerPort, settings.partitions());
        } catch (Exception e) {
            mongo.close();
            throw e;
        }
        log.info("Kafka on {} and MongoDB on {} started in {} ms", kafka.bootstrap(), mongo.uri(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());

        return startServices(kafka, mongo, kafka.bootstrap(), mongo.uri(), gatewayPort, adminKey,
                storedOrNewInternalSecret(dataDir), settings.partitions(), settings.egressAllow(),
                List.of("127.0.0.1:" + controllerPort), started);
    }

    /** The five services on a Kafka and MongoDB this process did not start (Testcontainers, a real cluster). */
    public static DevStack startServices(String kafkaBootstrap, String mongoUri, String adminKey) throws Exception {
        return startServices(null, null, kafkaBootstrap, mongoUri, freePort(), adminKey, newSecret(), 4, null,
                List.of(), System.nanoTime());
    }

    private static DevStack startServices(EmbeddedKafka kafka, EmbeddedMongo mongo, String kafkaBootstrap,
                                          String mongoUri, int gatewayPort, String adminKey, String internalSecret,
                                          int partitions, String egressAllow, List<String> otherInternalEndpoints,
                                          long started) throws Exception {
        DevStack stack = new DevStack(kafka, mongo, kafkaBootstrap, mongoUri, "http://127.0.0.1:" + gatewayPort,
                adminKey);
        try {
            int ticketPort = freePort();
            int flowPort = freePort();
            int variablePort = freePort();
            int notificationPort = freePort();
            stack.servicePorts.put("ticket-service", ticketPort);
            stack.servicePorts.put("flow-service", flowPort);
            stack.servicePorts.put("variable-service", variablePort);
            stack.servicePorts.put("notification-service", notificationPort);
            // HTTP nodes and webhooks never reach the stack's own ports, whatever TICKETFLOW_EGRESS_ALLOW says
            List<String> internalEndpoints = new ArrayList<>(otherInternalEndpoints);
            for (int port : List.of(gatewayPort, ticketPort, flowPort, variablePort, notificationPort)) {
                internalEndpoints.add("127.0.0.1:" + port);
            }
            List<String> common = new ArrayList<>(List.of(
                    "--ticketflow.kafka.bootstrap-servers=" + kafkaBootstrap,
                    "--ticketflow.mongo.uri=" + mongoUri,
                    "--ticketflow.kafka.partitions=" + partitions,
                    // the gateway signs every internal call and command with it; the services trust only that
                    "--ticketflow.internal.secret=" + internalSecret,
                    "--ticketflow.egress.protected-endpoints=" + String.join(",", internalEndpoints)));
            if (egressAllow != null) {
                common.add("--ticketflow.egress.allow=" + egressAllow);
            }
            if (kafka != null) {
                // Our own broker allows a shorter session (EmbeddedKafka): a crashed instance's tickets move on in
                // about 4 s instead of 6 (the least a stock broker accepts).
                common.add("--ticketflow.kafka.consumer.session-timeout=4s");
                common.add("--ticketflow.kafka.consumer.heartbeat-interval=1s");
            }
            // the services' internal APIs listen on loopback only: the gateway is the one way in
            stack.define("ticket-service", TicketServiceApplication::app, common, "--server.port=" + ticketPort,
                    "--server.address=127.0.0.1");
            stack.define("flow-service", FlowServiceApplication::app, common, "--server.port=" + flowPort,
                    "--server.address=127.0.0.1");
            stack.define("variable-service", VariableServiceApplication::app, common, "--server.port=" + variablePort,
                    "--server.address=127.0.0.1");
            stack.define("notification-service", NotificationServiceApplication::app, common,
                    "--server.port=" + notificationPort, "--server.address=127.0.0.1");
            stack.define("gateway", GatewayApplication::app, common, "--server.port=" + gatewayPort,
                    "--ticketflow.gateway.admin-key=" + adminKey,
                    "--ticketflow.gateway.services.tickets=http://127.0.0.1:" + ticketPort,
                    "--ticketflow.gateway.services.flows=http://127.0.0.1:" + flowPort,
                    "--ticketflow.gateway.services.variables=http://127.0.0.1:" + variablePort,
                    "--ticketflow.gateway.services.notifications=http://127.0.0.1:" + notificationPort);
            for (String service : List.copyOf(stack.specs.keySet())) {
                stack.startService(service);
            }
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
        log.info("ticketflow started in {} s", Duration.ofNanos(System.nanoTime() - started).toSeconds());
        return stack;
    }

    private void define(String name, Supplier<SpringApplicationBuilder> app, List<String> common, String... own) {
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of(own));
        specs.put(name, new ServiceSpec(app, List.copyOf(args)));
    }

    /** Starts one service (again): for running the stack, and for tests that take a service down and back. */
    public synchronized void startService(String name) {
        ServiceSpec spec = specs.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("No service " + name + "; known: " + specs.keySet());
        }
        if (!running.containsKey(name)) {
            // The devstack stops the services itself, in order, before Kafka and MongoDB.
            running.put(name, spec.app().get().registerShutdownHook(false)
                    .initializers(OwnNettyResources::register)
                    .run(spec.args().toArray(String[]::new)));
        }
    }

    /**
     * Starts one more instance of a service, on a port of its own: same consumer groups, same database, as a second
     * container would be. For trying scale-out and rebalances; the instance is named {@code <service>#<n>}.
     */
    public synchronized String startReplica(String service) throws IOException {
        ServiceSpec spec = specs.get(service);
        if (spec == null) {
            throw new IllegalArgumentException("No service " + service + "; known: " + specs.keySet());
        }
        String name = service + "#" + specs.keySet().stream().filter(n -> n.startsWith(service + "#")).count() + 2;
        specs.put(name, new ServiceSpec(spec.app(), withPort(spec.args(), freePort())));
        startService(name);
        return name;
    }

    /** The arguments a service runs with here, on another port: to run it in a process of its own. */
    public List<String> argumentsOf(String service) throws IOException {
        ServiceSpec spec = specs.get(service);
        if (spec == null) {
            throw new IllegalArgumentException("No service " + service + "; known: " + specs.keySet());
        }
        return withPort(spec.args(), freePort());
    }

    private static List<String> withPort(List<String> args, int port) {
        return args.stream().map(arg -> arg.startsWith("--server.port=") ? "--server.port=" + port : arg).toList();
    }

    public synchronized void stopService(String name) {
        ConfigurableApplicationContext context = running.remove(name);
        if (context != null) {
            context.close();
        }
    }

    private record ServiceSpec(Supplier<SpringApplicationBuilder> app, List<String> args) {
    }

    public String gatewayUrl() {
        return gatewayUrl;
    }

    public String adminKey() {
        return adminKey;
    }

    /** The internal HTTP port of a service ({@code ticket-service}, ...): only the gateway's signed calls pass. */
    public int servicePort(String name) {
        Integer port = servicePorts.get(name);
        if (port == null) {
            throw new IllegalArgumentException("No service " + name + "; known: " + servicePorts.keySet());
        }
        return port;
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public String mongoUri() {
        return mongoUri;
    }

    /** Gateway first so nothing new comes in, then the services, then Kafka and MongoDB. */
    @Override
    public synchronized void close() {
        List<String> reversed = new ArrayList<>(running.keySet());
        Collections.reverse(reversed);
        for (String service : reversed) {
            try {
                stopService(service);
            } catch (RuntimeException e) {
                log.warn("Error while stopping {}: {}", service, e.toString());
            }
        }
        if (kafka != null) {
            try {
                kafka.close();
            } catch (RuntimeException e) {
                log.warn("Error while stopping Kafka: {}", e.toString());
            }
        }
        if (mongo != null) {
            mongo.close();
        }
    }

    private static String storedOrNewAdminKey(Path dataDir) throws IOException {
        return storedOrNew(dataDir.resolve("admin.key"), () -> "tf_admin_" + newSecret());
    }

    /**
     * The secret the gateway signs internal calls and commands with. Random, and kept with the data (owner-only) as
     * the admin key is, rather than new at every start: admin commands still waiting in Kafka when the stack stopped
     * carry the old signature and must still count after a restart.
     */
    private static String storedOrNewInternalSecret(Path dataDir) throws IOException {
        return storedOrNew(dataDir.resolve("internal.secret"), DevStack::newSecret);
    }

    private static String storedOrNew(Path file, Supplier<String> generator) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        String value = generator.get();
        Files.writeString(file, value + System.lineSeparator());
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // best effort on file systems without POSIX permissions
        }
        return value;
    }

    private static String newSecret() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static int portOrFree(int port) throws IOException {
        return port == 0 ? freePort() : port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
