package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.DevStack;
import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Issue 9 item 2, as it was found: a flow's HTTP node called notification-service's internal port with a forged
 * {@code X-Ticketflow-Actor}/{@code -Role} and stored someone else's inbox in the ticket's variables. Now the forged
 * headers are refused at publish, the stack's own ports are out of the HTTP nodes' reach (although this stack allows
 * loopback for the other tests' fake endpoints), and the internal ports answer only calls the gateway signed.
 */
class SecurityE2ETest {

    private static final List<String> SERVICES = List.of("ticket-service", "flow-service", "variable-service",
            "notification-service");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aFlowMayNotForgeTheIdentityHeaders() {
        GatewayClient admin = SharedStack.admin();
        String flowId = admin.post("/api/v1/flows", Map.of("key", "probe-" + UUID.randomUUID(), "name", "probe"))
                .text("flowId");

        Answer draft = admin.putXml("/api/v1/flows/" + flowId + "/draft", Flows.resource("flows/inbox-probe.bpmn"));

        assertThat(draft.status()).as(draft.toString()).isEqualTo(422);
        assertThat(draft.json().get("code").asString()).isEqualTo("INVALID_BPMN");
        assertThat(draft.json().get("errors").findValuesAsString("code"))
                .containsExactly("IDENTITY_HEADER_FORBIDDEN", "IDENTITY_HEADER_FORBIDDEN");
    }

    @Test
    void anHttpNodeAimedAtTheStacksOwnPortsGetsAnEgressDeniedIncident() {
        GatewayClient admin = SharedStack.admin();
        DevStack stack = SharedStack.get();
        String flowId = publishProbeWithoutForgedHeaders(admin);
        Answer issued = admin.post("/api/v1/api-keys", Map.of("principal", "mallory-" + UUID.randomUUID(),
                "role", "USER"));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        GatewayClient mallory = new GatewayClient(stack.gatewayUrl(), issued.text("key"), null);

        Map<String, String> targets = new LinkedHashMap<>();
        for (String service : SERVICES) {
            targets.put(service, "http://127.0.0.1:" + stack.servicePort(service));
        }
        targets.put("gateway", stack.gatewayUrl());
        targets.put("kafka", "http://" + stack.kafkaBootstrap());
        targets.put("mongodb", stack.mongoUri().replace("mongodb://", "http://"));
        List<String> reasons = new ArrayList<>();
        for (var target : targets.entrySet()) {
            Answer created = Flows.create(mallory, flowId, Map.of("endpoint", target.getValue()), true);
            assertThat(created.status()).as(target.getKey() + " " + created).isEqualTo(201);
            JsonNode item = created.json().get("workItems").get(0);
            assertThat(item.get("nodeId").asString()).isEqualTo("Probe");
            assertThat(item.get("state").asString()).as(target.getKey()).isEqualTo("FAILED");
            assertThat(item.path("failure").path("code").asString()).as(target.getKey() + " " + item)
                    .isEqualTo("EGRESS_DENIED");
            reasons.add(item.get("failure").get("reason").asString());

            String ticketId = created.text("ticketId");
            Answer variables = admin.get("/api/v1/tickets/" + ticketId + "/variables");
            assertThat(variables.json().has("stolen")).isFalse();
        }
        // the refusal reads the same for every port: it tells nothing about what listens there
        assertThat(reasons).containsOnly(reasons.get(0));
        assertThat(reasons.get(0)).doesNotContain("127.0.0.1", "refused", "timed out");
    }

    @Test
    void anInternalPortAnswersOnlyTheGatewaysSignedCalls() throws Exception {
        DevStack stack = SharedStack.get();
        for (String service : SERVICES) {
            String base = "http://127.0.0.1:" + stack.servicePort(service);
            for (String path : List.of("/api/v1/inbox", "/api/v1/tickets/1", "/api/v1/flows",
                    "/api/v1/tickets/1/variables", "/api/v1/webhooks", "/actuator/info")) {
                HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("X-Ticketflow-Actor", "bob").header("X-Ticketflow-Role", "ADMIN")
                        .header("X-Ticketflow-Gateway-Signature", "t=1,v1=00").GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(forged.statusCode()).as(service + path).isEqualTo(401);
                assertThat(forged.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(JSON.readTree(forged.body()).get("code").asString()).isEqualTo("UNAUTHORIZED");
            }
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(service).isEqualTo(200);
        }
        // through the gateway, the same reads work
        assertThat(SharedStack.admin().as("bob").get("/api/v1/inbox").status()).isEqualTo(200);
    }

    @Test
    void theInternalPortsListenOnLoopbackOnly() throws IOException {
        List<InetAddress> external = new ArrayList<>();
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            Collections.list(network.getInetAddresses()).stream()
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).forEach(external::add);
        }
        assumeFalse(external.isEmpty(), "this machine has no address but loopback");
        DevStack stack = SharedStack.get();
        for (String service : SERVICES) {
            int port = stack.servicePort(service);
            try (Socket loopback = new Socket()) {
                loopback.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            }
            for (InetAddress address : external) {
                assertThatThrownBy(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(address, port), 5_000);
                    }
                }).as(service + " on " + address).isInstanceOf(ConnectException.class);
            }
        }
    }

    /** Issue 9 item 8: an unknown route's 404, relayed from a service, showed the service's internal URL. */
    @Test
    void anUnknownRouteIsNotFoundWithoutInternalAddresses() {
        Answer unknown = SharedStack.admin().get("/api/v1/inbox/no/such/route");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asString()).isEqualTo("NOT_FOUND");
        String port = String.valueOf(SharedStack.get().servicePort("notification-service"));
        assertThat(new String(unknown.body(), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain(port, "127.0.0.1", "localhost");
    }

    private static String publishProbeWithoutForgedHeaders(GatewayClient admin) {
        String xml = Flows.resource("flows/inbox-probe.bpmn")
                .replaceAll("\\s*<camunda:entry key=\"X-Ticketflow-[A-Za-z]+\">[^<]*</camunda:entry>", "");
        String flowId = admin.post("/api/v1/flows", Map.of("key", "probe-" + UUID.randomUUID(), "name", "probe"))
                .text("flowId");
        Answer draft = admin.putXml("/api/v1/flows/" + flowId + "/draft", xml);
        assertThat(draft.status()).as(draft.toString()).isEqualTo(200);
        Answer published = admin.post("/api/v1/flows/" + flowId + "/publish", Map.of());
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        return flowId;
    }
}
