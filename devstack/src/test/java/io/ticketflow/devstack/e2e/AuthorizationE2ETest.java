package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.ticketflow.devstack.e2e.Flows.submitPath;
import static io.ticketflow.devstack.e2e.ProblemAnswers.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what, through the gateway on the whole stack: acting for a user is that user's rights for every
 * operation; flows are designed by admins and their owners; tickets are read by those who opened, hold or held
 * them, their flows' owners, admins and auditors; an auditor writes nothing.
 */
class AuthorizationE2ETest {

    private static final String APPROVE = "Activity_Approve";

    private GatewayClient admin;
    private String suffix;

    @BeforeEach
    void setUp() {
        admin = SharedStack.admin();
        suffix = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void anAdminActingForAUserHasOnlyThatUsersRightsForEveryOperation() {
        String flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        String bob = "bob-" + suffix;
        GatewayClient mallory = admin.as("mallory-" + suffix);
        String ticketId = open(flowId, "alice-" + suffix, bob);
        String ticket = "/api/v1/tickets/" + ticketId;

        problem(mallory.post(submitPath(ticketId, APPROVE), Map.of("data", Map.of("decision", "同意"))), 403,
                "NOT_A_HANDLER");
        problem(mallory.patch(ticket + "/variables", Map.of("nodeId", APPROVE, "data", Map.of("approver", "mallory"))),
                403, "NOT_A_HANDLER");
        problem(mallory.post(ticket + "/nodes/" + APPROVE + "/reassign", Map.of("description", "mine",
                "newUsers", List.of("mallory-" + suffix))), 403, "NOT_A_HANDLER");
        problem(mallory.post(ticket + "/close", Map.of("reason", "mine")), 403, "NOT_A_HANDLER");
        // ... and reads: the ticket does not exist for someone who may not read it
        for (String read : List.of(ticket, ticket + "/work-items", ticket + "/history", ticket + "/variables",
                ticket + "/variables/history", ticket + "/nodes/" + APPROVE + "/handlers")) {
            problem(mallory.get(read), 404, "TICKET_NOT_FOUND");
        }
        assertThat(mallory.get("/api/v1/tickets?flowId=" + flowId).json().get("total").asLong()).isZero();

        // acting for the handler is the handler's rights; the admin acting as itself keeps an admin's
        admin.as(bob).await(ticket + "/variables", a -> a.status() == 200, Flows.EVENTUALLY);
        Answer closed = admin.as("admin").post(ticket + "/close", Map.of("reason", "清理"));
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
    }

    @Test
    void retryingAFailedNodeForAUserIsThatUsersRightToo() {
        String flowId = Flows.publish(admin, "flows/http-lookup.bpmn");
        // nothing listens there: the automatic node fails for good (a host of its own for the circuit breaker)
        Answer created = Flows.create(admin.as("alice-" + suffix), flowId,
                Map.of("endpoint", "http://127.0.0.2:9", "site", "x"), true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticketId = created.text("ticketId");
        assertThat(created.json().get("workItems").get(0).get("state").asString()).isEqualTo("FAILED");
        String retry = "/api/v1/tickets/" + ticketId + "/nodes/Lookup/retry";

        problem(admin.as("mallory-" + suffix).post(retry, Map.of("retryType", "produce")), 403, "FORBIDDEN");
        Answer byCreator = admin.as("alice-" + suffix).post(retry, Map.of("retryType", "produce"));
        assertThat(byCreator.status()).as(byCreator.toString()).isEqualTo(200);
    }

    @Test
    void flowsAreDesignedByAdminsAndTheirOwnersWhoReadAllTheirTickets() {
        String dora = "dora-" + suffix;
        GatewayClient doraKey = keyFor(dora, "USER");
        String xml = Flows.resource("flows/two-step-approval.bpmn");

        problem(doraKey.post("/api/v1/flows", Map.of("key", "mine-" + suffix, "name", "mine")), 403, "FORBIDDEN");
        String flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        String flow = "/api/v1/flows/" + flowId;
        problem(doraKey.putXml(flow + "/draft", xml.replace("${approver}", dora)), 403, "FORBIDDEN");
        problem(doraKey.post(flow + "/publish", Map.of()), 403, "FORBIDDEN");
        problem(doraKey.post(flow + "/security-codes", Map.of()), 403, "FORBIDDEN");
        problem(doraKey.put(flow + "/owners", Map.of("owners", List.of(dora))), 403, "FORBIDDEN");
        String before = open(flowId, "alice-" + suffix, "bob-" + suffix);
        problem(doraKey.get("/api/v1/tickets/" + before), 404, "TICKET_NOT_FOUND");

        Answer named = admin.put(flow + "/owners", Map.of("owners", List.of(dora)));
        assertThat(named.status()).as(named.toString()).isEqualTo(200);
        assertThat(named.json().get("owners").toString()).isEqualTo("[\"" + dora + "\"]");
        Answer draft = doraKey.putXml(flow + "/draft", xml);
        assertThat(draft.status()).as(draft.toString()).isEqualTo(200);
        Answer published = doraKey.post(flow + "/publish", Map.of());
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        assertThat(doraKey.post(flow + "/security-codes", Map.of()).status()).isEqualTo(201);

        // an owner reads every ticket of the flow (once ticket-service has heard of the new owners)
        doraKey.await("/api/v1/tickets/" + before, a -> a.status() == 200, Flows.EVENTUALLY);
        doraKey.await("/api/v1/tickets/" + before + "/variables", a -> a.status() == 200, Flows.EVENTUALLY);
        assertThat(doraKey.get("/api/v1/tickets?flowId=" + flowId).json().get("items").findValuesAsString("ticketId"))
                .contains(before);
    }

    @Test
    void anAuditorReadsEveryTicketAndWritesNothing() {
        String flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        String ticketId = open(flowId, "alice-" + suffix, "bob-" + suffix);
        GatewayClient auditor = keyFor("audra-" + suffix, "AUDITOR");
        String ticket = "/api/v1/tickets/" + ticketId;

        for (String read : List.of(ticket, ticket + "/history", ticket + "/variables", "/api/v1/flows/" + flowId
                + "/draft", "/api/v1/flows/" + flowId + "/security-codes")) {
            auditor.await(read, a -> a.status() == 200, Flows.EVENTUALLY);
        }
        assertThat(auditor.get("/api/v1/tickets?flowId=" + flowId).json().get("total").asLong()).isEqualTo(1);
        problem(auditor.post(ticket + "/close", Map.of("reason", "audit")), 403, "FORBIDDEN");
        problem(auditor.post("/api/v1/flows", Map.of("key", "audit-" + suffix, "name", "x")), 403, "FORBIDDEN");
        problem(auditor.post("/api/v1/tickets", Map.of("flowId", flowId, "data", Map.of())), 403, "FORBIDDEN");
        problem(auditor.as("bob-" + suffix).get(ticket), 403, "FORBIDDEN");
    }

    /** alice opens a ticket for the approver; answers its id once it waits at the approval. */
    private String open(String flowId, String opener, String approver) {
        Answer created = Flows.create(admin.as(opener), flowId, Map.of("title", "磁盘告警", "approver", approver), true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("ticketId");
    }

    private GatewayClient keyFor(String principal, String role) {
        Answer key = admin.post("/api/v1/api-keys", Map.of("principal", principal, "role", role));
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        return admin.withKey(key.text("key"));
    }
}
