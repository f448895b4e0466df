package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.ticketflow.devstack.e2e.Flows.EVENTUALLY;
import static io.ticketflow.devstack.e2e.Flows.submitPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ticket operation through the gateway on the two-step flow: multipart create, force close, reassign,
 * handlers, variable updates with their history, search and the ticket history.
 */
class TicketOperationsE2ETest {

    private static final String APPROVE = "Activity_Approve";

    private GatewayClient admin;
    private String flowId;
    private String bob;
    private String carol;

    @BeforeEach
    void publish() {
        admin = SharedStack.admin();
        flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        bob = "bob-" + suffix;
        carol = "carol-" + suffix;
    }

    @Test
    void aMultipartCreateAttachesItsFiles() {
        byte[] screenshot = new byte[70_000];
        for (int i = 0; i < screenshot.length; i++) {
            screenshot[i] = (byte) (i % 251);
        }
        Flows.create(admin.as("alice"), flowId, Map.of("title", "warm-up", "approver", bob), false);

        Answer created = new MultipartForm()
                .header("Authorization", "Bearer " + SharedStack.get().adminKey())
                .header("X-Acting-User", "alice")
                .field("ticket", "{\"flowId\":\"" + flowId + "\",\"name\":\"磁盘告警\",\"description\":\"db-01\","
                        + "\"data\":{\"title\":\"磁盘告警\",\"approver\":\"" + bob + "\"}}")
                .file("files", "screen.png", "image/png", screenshot)
                .file("files", "notes.txt", "text/plain", "第一行".getBytes(StandardCharsets.UTF_8))
                .postMultipart(SharedStack.get().gatewayUrl() + "/api/v1/tickets?wait=settled");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode ticket = created.json();
        String ticketId = ticket.get("ticketId").asString();
        assertThat(ticket.get("status").asString()).isEqualTo("RUNNING");
        assertThat(ticket.get("createdBy").asString()).isEqualTo("alice");
        assertThat(ticket.get("workItems").get(0).get("nodeId").asString()).isEqualTo(APPROVE);
        assertThat(ticket.get("attachments").findValuesAsString("filename")).containsExactly("screen.png", "notes.txt");
        JsonNode png = ticket.get("attachments").get(0);
        assertThat(png.get("contentType").asString()).isEqualTo("image/png");
        assertThat(png.get("size").asLong()).isEqualTo(screenshot.length);

        Answer download = admin.get("/api/v1/tickets/" + ticketId + "/attachments/" + png.get("id").asString());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.contentType()).startsWith("image/png");
        assertThat(download.body()).isEqualTo(screenshot);
        assertThat(admin.get("/api/v1/tickets/" + ticketId + "/attachments/nope").status()).isEqualTo(404);
    }

    @Test
    void aForceClosedTicketRefusesFurtherWork() {
        GatewayClient bobKey = client(userKey(bob));
        GatewayClient mallory = client(userKey("mallory-" + bob));

        String byHandler = open();
        Answer closed = bobKey.post("/api/v1/tickets/" + byHandler + "/close",
                Map.of("nodeId", APPROVE, "reason", "重复工单", "data", Map.of("closedBy", bob)));
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(closed.text("status")).isEqualTo("CLOSED");
        Answer late = bobKey.post(submitPath(byHandler, APPROVE), Map.of("data", Map.of("decision", "同意")));
        assertThat(late.status()).as(late.toString()).isEqualTo(409);
        assertThat(late.text("code")).isEqualTo("TICKET_CLOSED");

        String byAdmin = open();
        Answer stranger = mallory.post("/api/v1/tickets/" + byAdmin + "/close", Map.of("reason", "not mine"));
        assertThat(stranger.status()).as(stranger.toString()).isEqualTo(403);
        assertThat(stranger.text("code")).isEqualTo("NOT_A_HANDLER");
        Answer adminClosed = admin.post("/api/v1/tickets/" + byAdmin + "/close", Map.of("reason", "清理"));
        assertThat(adminClosed.status()).as(adminClosed.toString()).isEqualTo(200);
        Answer afterAdmin = admin.as(bob).post(submitPath(byAdmin, APPROVE), Map.of("data", Map.of("decision", "同意")));
        assertThat(afterAdmin.status()).isEqualTo(409);
        assertThat(afterAdmin.text("code")).isEqualTo("TICKET_CLOSED");

        JsonNode history = admin.get("/api/v1/tickets/" + byAdmin + "/history").json();
        JsonNode last = history.get(history.size() - 1);
        assertThat(last.get("type").asString()).isEqualTo("TicketClosed");
        assertThat(last.get("actor").asString()).isEqualTo("admin");
        assertThat(last.get("details").get("reason").asString()).isEqualTo("清理");
        assertThat(admin.get("/api/v1/tickets/" + byAdmin).json().get("workItems")).isEmpty();

        JsonNode closedOnes = admin.await("/api/v1/tickets?status=CLOSED&flowId=" + flowId,
                a -> a.status() == 200 && a.json().get("total").asLong() == 2, EVENTUALLY).json();
        assertThat(closedOnes.get("items").findValuesAsString("ticketId")).containsExactlyInAnyOrder(byHandler, byAdmin);
    }

    @Test
    void reassignHandlersVariablesSearchAndHistory() {
        String bobsKey = userKey(bob);
        GatewayClient bobKey = client(bobsKey);
        String mallorysKey = userKey("mallory-" + bob);
        String ticketId = open();

        Answer handlers = admin.get("/api/v1/tickets/" + ticketId + "/nodes/" + APPROVE + "/handlers");
        assertThat(handlers.status()).isEqualTo(200);
        assertThat(handlers.json().toString()).isEqualTo("[\"" + bob + "\"]");
        assertThat(admin.get("/api/v1/tickets/" + ticketId + "/nodes/Activity_Execute/handlers").status())
                .isEqualTo(409);

        // a handler updates the variables at their node; the history says who, where, and old -> new
        Answer patched = MoreCalls.patch(bobsKey, "/api/v1/tickets/" + ticketId + "/variables", null,
                Map.of("nodeId", APPROVE, "data", Map.of("title", "磁盘告警（已扩容）", "priority", "P1")));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        Answer notHandler = MoreCalls.patch(mallorysKey, "/api/v1/tickets/" + ticketId + "/variables", null,
                Map.of("nodeId", APPROVE, "data", Map.of("title", "篡改")));
        assertThat(notHandler.status()).as(notHandler.toString()).isEqualTo(403);
        assertThat(notHandler.text("code")).isEqualTo("NOT_A_HANDLER");
        JsonNode changes = admin.await("/api/v1/tickets/" + ticketId + "/variables/history",
                a -> a.status() == 200 && a.json().findValuesAsString("name").contains("priority"), EVENTUALLY).json();
        JsonNode titleChange = null;
        for (JsonNode change : changes) {
            if ("title".equals(change.get("name").asString()) && bob.equals(change.get("actor").asString())) {
                titleChange = change;
            }
        }
        assertThat(titleChange).as(changes.toString()).isNotNull();
        assertThat(titleChange.get("nodeId").asString()).isEqualTo(APPROVE);
        assertThat(titleChange.get("oldValue").asString()).isEqualTo("磁盘告警");
        assertThat(titleChange.get("newValue").asString()).isEqualTo("磁盘告警（已扩容）");
        assertThat(admin.get("/api/v1/tickets/" + ticketId + "/variables").json().get("priority").asString())
                .isEqualTo("P1");

        // bob hands the approval to carol
        Answer reassigned = bobKey.post("/api/v1/tickets/" + ticketId + "/nodes/" + APPROVE + "/reassign?wait=settled",
                Map.of("description", "休假，转派给 carol", "newUsers", List.of(carol)));
        assertThat(reassigned.status()).as(reassigned.toString()).isEqualTo(200);
        assertThat(admin.get("/api/v1/tickets/" + ticketId + "/nodes/" + APPROVE + "/handlers").json().toString())
                .isEqualTo("[\"" + carol + "\"]");
        Answer former = bobKey.post(submitPath(ticketId, APPROVE), Map.of("data", Map.of("decision", "同意")));
        assertThat(former.status()).as(former.toString()).isEqualTo(403);
        assertThat(former.text("code")).isEqualTo("NOT_A_HANDLER");

        JsonNode search = admin.get("/api/v1/tickets?status=RUNNING&flowId=" + flowId + "&handler=" + carol
                + "&createdBy=alice&page=0&size=5").json();
        assertThat(search.get("total").asLong()).isEqualTo(1);
        assertThat(search.get("items").get(0).get("ticketId").asString()).isEqualTo(ticketId);

        Answer approved = admin.as(carol).post(submitPath(ticketId, APPROVE) + "?wait=settled",
                Map.of("data", Map.of("decision", "同意")));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().get("workItems").get(0).get("nodeId").asString()).isEqualTo("Activity_Execute");

        assertThat(admin.get("/api/v1/tickets?flowId=" + flowId + "&handler=" + carol).json().get("total").asLong())
                .isZero();
        JsonNode byOps = admin.get("/api/v1/tickets?status=RUNNING&flowId=" + flowId + "&handler=ops1&page=0&size=1")
                .json();
        assertThat(byOps.get("total").asLong()).isEqualTo(1);
        assertThat(byOps.get("items")).hasSize(1);
        JsonNode emptyPage = admin.get("/api/v1/tickets?flowId=" + flowId + "&page=1&size=1").json();
        assertThat(emptyPage.get("items")).isEmpty();
        assertThat(emptyPage.get("total").asLong()).isEqualTo(1);

        JsonNode history = admin.get("/api/v1/tickets/" + ticketId + "/history").json();
        List<String> types = new ArrayList<>();
        long previousSeq = 0;
        Instant previousAt = Instant.EPOCH;
        for (JsonNode entry : history) {
            long seq = entry.get("seq").asLong();
            Instant at = Instant.parse(entry.get("at").asString());
            assertThat(seq).isEqualTo(previousSeq + 1);
            assertThat(at).isAfterOrEqualTo(previousAt);
            assertThat(entry.get("actor").asString()).isNotBlank();
            types.add(entry.get("type").asString());
            previousSeq = seq;
            previousAt = at;
        }
        assertThat(types).containsSubsequence("TicketCreated", "WorkItemActivated", "VariablesUpdated",
                "WorkItemReassigned", "WorkItemSubmitted", "WorkItemActivated");
        JsonNode reassignment = history.get(types.indexOf("WorkItemReassigned"));
        assertThat(reassignment.get("actor").asString()).isEqualTo(bob);
        assertThat(reassignment.get("nodeId").asString()).isEqualTo(APPROVE);
        assertThat(reassignment.get("details").get("previousHandlers").toString()).isEqualTo("[\"" + bob + "\"]");
        assertThat(reassignment.get("details").get("newHandlers").toString()).isEqualTo("[\"" + carol + "\"]");
        assertThat(reassignment.get("details").get("description").asString()).isEqualTo("休假，转派给 carol");
        assertThat(history.get(types.indexOf("VariablesUpdated")).get("actor").asString()).isEqualTo(bob);
    }

    /** alice opens a ticket for bob to approve; answers its id once it waits at the approval. */
    private String open() {
        Answer created = Flows.create(admin.as("alice"), flowId, Map.of("title", "磁盘告警", "approver", bob), true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("workItems").get(0).get("nodeId").asString()).isEqualTo(APPROVE);
        return created.text("ticketId");
    }

    /** A USER key of its own for {@code principal}: it acts only as itself, without an admin's overrides. */
    private String userKey(String principal) {
        Answer key = admin.post("/api/v1/api-keys", Map.of("principal", principal, "role", "USER"));
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        return key.text("key");
    }

    private static GatewayClient client(String key) {
        return new GatewayClient(SharedStack.get().gatewayUrl(), key, null);
    }
}
