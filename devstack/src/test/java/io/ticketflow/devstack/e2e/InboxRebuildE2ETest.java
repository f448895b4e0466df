package io.ticketflow.devstack.e2e;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.ticketflow.devstack.e2e.Flows.submitPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inboxes are a projection of the ticket events: with notification-service's database dropped, a rebuild through
 * the gateway replays them identical. (Webhook registrations and read flags live only in that database and are
 * not expected back; the scenarios of other classes register their own.)
 */
class InboxRebuildE2ETest {

    /** notification-service's own database (notification-service.yml). */
    private static final String NOTIFICATIONS_DATABASE = "ticketflow-notifications";

    @Test
    void replayingTheTicketEventsRebuildsIdenticalInboxes() {
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        String opener = "opener-" + UUID.randomUUID();
        String approver = "approver-" + UUID.randomUUID();
        String deputy = "deputy-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            Answer created = Flows.create(admin.as(opener), flowId, Map.of("title", "t" + i, "approver", approver), true);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String ticketId = created.text("ticketId");
            if (i == 1) {
                assertThat(admin.as(approver).post("/api/v1/tickets/" + ticketId + "/nodes/Activity_Approve/reassign",
                        Map.of("description", "休假", "newUsers", List.of(deputy))).status()).isEqualTo(200);
            }
            if (i == 2) {
                assertThat(admin.as(approver).post(submitPath(ticketId, "Activity_Approve") + "?wait=settled",
                        Map.of("data", Map.of("decision", "同意"))).status()).isEqualTo(200);
                assertThat(admin.post("/api/v1/tickets/" + ticketId + "/close",
                        Map.of("data", Map.of(), "reason", "测试")).status()).isEqualTo(200);
            }
        }
        List<String> users = List.of(opener, approver, deputy);
        admin.as(opener).await("/api/v1/inbox", a -> a.status() == 200 && a.json().size() == 1, Flows.EVENTUALLY);
        admin.as(deputy).await("/api/v1/inbox", a -> a.status() == 200 && a.json().size() == 1, Flows.EVENTUALLY);
        admin.as(approver).await("/api/v1/inbox", a -> a.status() == 200 && a.json().size() == 4, Flows.EVENTUALLY);
        List<String> before = inboxes(admin, users);
        assertThat(before).hasSize(6);

        // notification-service's database is lost: the inboxes are gone with it
        try (MongoClient mongo = MongoClients.create(SharedStack.get().mongoUri())) {
            Mono.from(mongo.getDatabase(NOTIFICATIONS_DATABASE).drop()).block(Duration.ofSeconds(30));
        }
        assertThat(inboxes(admin, users)).isEmpty();

        Answer started = admin.post("/api/v1/admin/notifications/rebuild", Map.of());
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        admin.await("/api/v1/admin/notifications/rebuild",
                a -> a.status() == 200 && "DONE".equals(a.text("state")), Duration.ofSeconds(90));

        assertThat(inboxes(admin, users)).isEqualTo(before);
    }

    /** Each user's inbox without the read flags, which are the user's doing, not the events'. */
    private static List<String> inboxes(GatewayClient admin, List<String> users) {
        List<String> result = new ArrayList<>();
        for (String user : users) {
            Answer inbox = admin.as(user).get("/api/v1/inbox?size=100");
            assertThat(inbox.status()).as(inbox.toString()).isEqualTo(200);
            JsonNode items = inbox.json();
            for (JsonNode item : items) {
                result.add(user + " " + item.get("id").asString() + " " + item.get("type").asString() + " "
                        + item.get("ticketId").asString() + " " + item.path("nodeId").asString("") + " "
                        + item.get("at").asString());
            }
        }
        return result;
    }
}
