package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.ticketflow.devstack.e2e.Flows.submitPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 会签 and 或签 over HTTP, on a Camunda Modeler diagram: each signer gets a work item of their own and submits by
 * node alone; the countersign waits for every signer, the either-sign ends at the first signature, and the
 * signers it made unnecessary lose their items and hear of it.
 */
class CountersignE2ETest {

    @Test
    void everySignerSignsTheirOwnItemTheCountersignWaitsForAllAndTheEitherSignForOne() {
        GatewayClient admin = SharedStack.admin();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String li = "li-" + suffix;
        String wang = "wang-" + suffix;
        List<String> directors = List.of("zhao-" + suffix, "qian-" + suffix, "sun-" + suffix);
        String flowId = Flows.publish(admin, "flows/contract-countersign.bpmn");

        Answer created = Flows.create(admin.as("requester-" + suffix), flowId,
                Map.of("title", "框架合同", "signers", List.of(li, wang), "directors", directors), true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticketId = created.text("ticketId");
        JsonNode items = created.json().get("workItems");
        assertThat(items.findValuesAsString("nodeId")).containsExactly("Activity_Countersign", "Activity_Countersign");
        assertThat(items.findValues("handlers").stream().map(h -> h.get(0).asString())).containsExactly(li, wang);

        Answer mallory = admin.as("mallory-" + suffix).post(submitPath(ticketId, "Activity_Countersign")
                + "?wait=settled", Map.of("data", Map.of("verdict", "approve")));
        assertThat(mallory.status()).as(mallory.toString()).isEqualTo(409);
        Answer wangSigned = admin.as(wang).post(submitPath(ticketId, "Activity_Countersign") + "?wait=settled",
                Map.of("data", Map.of("verdict", "approve")));
        assertThat(wangSigned.status()).as(wangSigned.toString()).isEqualTo(200);
        JsonNode waiting = admin.get("/api/v1/tickets/" + ticketId).json().get("workItems");
        assertThat(waiting.findValuesAsString("nodeId")).as("the countersign waits for li")
                .containsExactly("Activity_Countersign");
        assertThat(waiting.get(0).get("handlers").get(0).asString()).isEqualTo(li);
        Answer again = admin.as(wang).post(submitPath(ticketId, "Activity_Countersign") + "?wait=settled",
                Map.of("data", Map.of("verdict", "approve")));
        assertThat(again.status()).as("wang signed already: " + again).isEqualTo(403);

        Answer liSigned = admin.as(li).post(submitPath(ticketId, "Activity_Countersign") + "?wait=settled",
                Map.of("data", Map.of("verdict", "approve")));
        assertThat(liSigned.status()).as(liSigned.toString()).isEqualTo(200);
        JsonNode either = liSigned.json().get("workItems");
        assertThat(either.findValuesAsString("nodeId")).containsExactly("Activity_Sign", "Activity_Sign",
                "Activity_Sign");

        Answer qianSigned = admin.as(directors.get(1)).post(submitPath(ticketId, "Activity_Sign") + "?wait=settled",
                Map.of("data", Map.of()));
        assertThat(qianSigned.status()).as(qianSigned.toString()).isEqualTo(200);
        assertThat(qianSigned.text("status")).isEqualTo("COMPLETED");

        List<String> types = admin.get("/api/v1/tickets/" + ticketId + "/history").json().findValuesAsString("type");
        assertThat(types).containsExactly("TicketCreated", "WorkItemActivated", "WorkItemActivated",
                "WorkItemSubmitted", "WorkItemSubmitted", "WorkItemActivated", "WorkItemActivated",
                "WorkItemActivated", "WorkItemSubmitted", "WorkItemCancelled", "WorkItemCancelled", "TicketCompleted");
        for (String director : List.of(directors.get(0), directors.get(2))) {
            JsonNode inbox = admin.as(director).await("/api/v1/inbox?ticketId=" + ticketId,
                    a -> a.status() == 200 && a.json().size() == 2, Flows.EVENTUALLY).json();
            assertThat(inbox.findValuesAsString("type")).as(director)
                    .containsExactlyInAnyOrder("WORK_ITEM_ASSIGNED", "WORK_ITEM_CANCELLED");
        }
    }

    /** One "reject" ends the countersign at once: the other signer's item is withdrawn and the contract rejected. */
    @Test
    void oneRejectionEndsTheCountersignAndWithdrawsTheOtherSignersItem() {
        GatewayClient admin = SharedStack.admin();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String li = "li-" + suffix;
        String wang = "wang-" + suffix;
        String flowId = Flows.publish(admin, "flows/contract-countersign.bpmn");
        Answer created = Flows.create(admin.as("requester-" + suffix), flowId,
                Map.of("title", "采购合同", "signers", List.of(li, wang), "directors", List.of("zhao-" + suffix)), true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticketId = created.text("ticketId");

        Answer rejected = admin.as(li).post(submitPath(ticketId, "Activity_Countersign") + "?wait=settled",
                Map.of("data", Map.of("verdict", "reject")));

        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
        assertThat(rejected.text("status")).isEqualTo("COMPLETED");
        JsonNode history = admin.get("/api/v1/tickets/" + ticketId + "/history").json();
        assertThat(history.findValuesAsString("type")).endsWith("WorkItemSubmitted", "WorkItemCancelled",
                "TicketCompleted");
        JsonNode inbox = admin.as(wang).await("/api/v1/inbox?ticketId=" + ticketId,
                a -> a.status() == 200 && a.json().size() == 2, Flows.EVENTUALLY).json();
        assertThat(inbox.findValuesAsString("type")).containsExactlyInAnyOrder("WORK_ITEM_ASSIGNED",
                "WORK_ITEM_CANCELLED");
    }
}
