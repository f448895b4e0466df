package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.ticketflow.devstack.e2e.Flows.EVENTUALLY;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12, messages: an Activiti diagram's receive task waits until a message for the ticket arrives over HTTP. */
class MessagesE2ETest {

    @Test
    void aMessageMovesTheTicketWaitingForItAndOnlyThat() {
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/payment-activiti.bpmn");
        Answer created = Flows.create(admin.as("alice"), flowId, Map.of("amount", 300), true);
        // waiting for a message, like for a person: a settled create answers at once
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticketId = created.text("ticketId");
        Answer key = admin.post("/api/v1/api-keys", Map.of("principal", "payments", "role", "INTEGRATION"));
        GatewayClient payments = admin.withKey(key.text("key"));

        Answer other = payments.post("/api/v1/messages", Map.of("name", "refund-requested", "ticketId", ticketId));
        assertThat(other.status()).as(other.toString()).isEqualTo(404);
        assertThat(other.text("code")).isEqualTo("NO_SUBSCRIPTION");
        Answer asUser = admin.as("alice").post("/api/v1/messages",
                Map.of("name", "payment-received", "ticketId", ticketId));
        assertThat(asUser.status()).as(asUser.toString()).isEqualTo(403);
        Answer noName = payments.post("/api/v1/messages", Map.of("ticketId", ticketId));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.text("code")).isEqualTo("VALIDATION_FAILED");
        // naming no ticket, a message opens one of the flow that starts on it: no flow starts on this one
        Answer noTicket = payments.post("/api/v1/messages", Map.of("name", "payment-received"));
        assertThat(noTicket.status()).isEqualTo(404);
        assertThat(noTicket.text("code")).isEqualTo("NO_SUBSCRIPTION");

        Answer paid = payments.post("/api/v1/messages", Map.of("name", "payment-received", "ticketId", ticketId,
                "variables", Map.of("paidAmount", 300)));
        assertThat(paid.status()).as(paid.toString()).isEqualTo(200);
        assertThat(paid.text("nodeId")).isEqualTo("waitForPayment");

        admin.await("/api/v1/tickets/" + ticketId, a -> a.status() == 200
                && a.json().get("workItems").findValuesAsString("nodeId").contains("shipGoods"), EVENTUALLY);
        assertThat(admin.await("/api/v1/tickets/" + ticketId + "/variables", a -> a.json().has("paidAmount"),
                EVENTUALLY).json().get("paidAmount").asInt()).isEqualTo(300);
        assertThat(admin.get("/api/v1/tickets/" + ticketId + "/history").json().findValuesAsString("type"))
                .contains("MessageReceived");
        Answer again = payments.post("/api/v1/messages", Map.of("name", "payment-received", "ticketId", ticketId));
        assertThat(again.text("code")).as("nothing waits for it any more").isEqualTo("NO_SUBSCRIPTION");
    }

    /** A payment system knows its order number, not the ticket: the message finds the ticket by its variables. */
    @Test
    void aMessageFindsTheOneWaitingTicketByItsCorrelationKeys() {
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/payment-activiti.bpmn");
        String order = "SO-" + java.util.UUID.randomUUID();
        String first = Flows.create(admin.as("alice"), flowId, Map.of("amount", 100, "orderNo", order), true)
                .text("ticketId");
        String other = Flows.create(admin.as("alice"), flowId, Map.of("amount", 200, "orderNo", order + "-2"), true)
                .text("ticketId");

        // a settled create answers once the ticket's subscriptions are indexed
        Answer paid = admin.post("/api/v1/messages", Map.of("name", "payment-received", "correlationKeys",
                Map.of("orderNo", order), "variables", Map.of("paidAmount", 100)));
        assertThat(paid.status()).as(paid.toString()).isEqualTo(200);
        assertThat(paid.text("ticketId")).isEqualTo(first);
        admin.await("/api/v1/tickets/" + first, a -> a.status() == 200
                && a.json().get("workItems").findValuesAsString("nodeId").contains("shipGoods"), EVENTUALLY);
        assertThat(admin.get("/api/v1/tickets/" + other).json().get("workItems").findValuesAsString("nodeId"))
                .doesNotContain("shipGoods");

        Answer twice = admin.post("/api/v1/messages", Map.of("name", "payment-received", "correlationKeys",
                Map.of("orderNo", order)));
        assertThat(twice.status()).as("the first no longer waits: " + twice).isEqualTo(404);
        assertThat(twice.text("code")).isEqualTo("NO_SUBSCRIPTION");
        Answer both = admin.post("/api/v1/messages", Map.of("name", "payment-received", "ticketId", other,
                "correlationKeys", Map.of("orderNo", order)));
        assertThat(both.status()).isEqualTo(400);
    }
}
