package io.ticketflow.notification;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketCreated;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.contracts.event.WorkItemActivated;
import io.ticketflow.platform.testing.EmbeddedInfrastructure;
import io.ticketflow.platform.testing.InternalCalls;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Every slice test of the module extends this, so they all share ONE application context: two contexts would be
 * two members of the consumer group {@code notification-service}, each seeing only some partitions. Tests keep
 * apart by fresh ticket ids and users. Webhook timings are shortened so failures show quickly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=notification-service", "spring.mongodb.database=notification-service-test",
                "ticketflow.webhooks.initial-backoff=100ms", "ticketflow.webhooks.max-backoff=1s",
                "ticketflow.webhooks.timeout=1s", "ticketflow.webhooks.sweep-interval=1s",
                "ticketflow.webhooks.lease=10s", "ticketflow.webhooks.circuit-breaker.open-for=2s",
                "ticketflow.inbox.stream.heartbeat=1s", "ticketflow.inbox.stream.poll-interval=250ms",
                // the webhook receivers of these tests run on 127.0.0.1, which the egress policy refuses by default
                "ticketflow.egress.allow=127.0.0.1"})
public abstract class NotificationServiceTest {

    public static final String ACTOR = "X-Ticketflow-Actor";
    public static final String ROLE = "X-Ticketflow-Role";
    protected static final Duration EVENTUALLY = Duration.ofSeconds(60);

    private static TicketEventsTopic sharedTopic;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry);
    }

    @LocalServerPort
    protected int port;

    protected WebTestClient http;

    @BeforeEach
    void connect() {
        http = WebTestClient.bindToServer().filter(InternalCalls.signedAsGateway()).baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(30)).build();
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }

    /** One producer for the JVM, closed with it. */
    protected static synchronized TicketEventsTopic events() {
        if (sharedTopic == null) {
            sharedTopic = new TicketEventsTopic();
            Runtime.getRuntime().addShutdownHook(new Thread(sharedTopic::close));
        }
        return sharedTopic;
    }

    protected static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    protected static RecordedEvent event(long seq, Instant at, String actor, TicketEvent event) {
        return new RecordedEvent(seq, at, actor, null, event);
    }

    protected static TicketCreated created(String flowId, String by) {
        return new TicketCreated(flowId, 1, "Printer broken", "", by, Map.of());
    }

    protected static WorkItemActivated activated(String dataId, String nodeId, String nodeName, String... handlers) {
        return new WorkItemActivated(dataId, nodeId, nodeName, List.of(handlers), List.of());
    }

    /** The inbox as GET answers it, newest first. */
    @SuppressWarnings("unchecked")
    protected List<Map<String, Object>> inbox(String user, String query) {
        EntityExchangeResult<byte[]> result = http.get().uri("/api/v1/inbox" + query)
                .header(ACTOR, user).exchange()
                .expectStatus().isOk()
                .expectBody().returnResult();
        List<Map<String, Object>> items = new ArrayList<>();
        Json.MAPPER.readTree(result.getResponseBody()).forEach(item -> items.add(Json.MAPPER.convertValue(item,
                Map.class)));
        return items;
    }

    protected List<Map<String, Object>> awaitInbox(String user, int size) {
        return await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100))
                .until(() -> inbox(user, "?size=200"), items -> items.size() == size);
    }
}
