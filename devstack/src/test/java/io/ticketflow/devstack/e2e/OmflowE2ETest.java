package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

import static io.ticketflow.devstack.e2e.Flows.EVENTUALLY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OMFLOW REST API (seed 003) end to end: security codes, then {@code POST /omflow/api/{flowId}} driven the way
 * the seed's Python example does it, and the start verification a flow may ask for.
 */
class OmflowE2ETest {

    private static final String APPROVE = "Activity_Approve";

    @Test
    void aSeedClientOpensSearchesAndPushesATicketWithASecurityCode() {
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/two-step-approval.bpmn");
        Map<String, String> code = issue(admin, flowId);
        String security = code.get("security");
        byte[] report = "df -h\n/dev/sda1  95%  /data\n磁盘告警".getBytes(StandardCharsets.UTF_8);

        // values = {"security", "omflow_restapi": 1, "action": "create", "formdata": json.dumps(formdata)}
        // requests.post(url, data=values, files={'files': open(path, 'rb')})
        JsonNode created = untilFlowKnown(() -> seedForm(security, "create")
                .field("formdata", "[{\"id\":\"title\",\"value\":\"磁盘告警\"},{\"id\":\"approver\",\"value\":\"bob\"}]")
                .file("files", "df-report.txt", report)
                .postMultipart(omflowUrl(flowId)));
        assertThat(created.get("status").asString()).as(created.toString()).isEqualTo("200");
        assertThat(created.get("message").asString()).isEqualTo("開單成功。");
        String dataNo = created.get("result").asString();
        assertThat(dataNo).matches("\\d{16,19}");

        JsonNode ticket = admin.get("/api/v1/tickets/" + dataNo).json();
        assertThat(ticket.get("flowId").asString()).isEqualTo(flowId);
        assertThat(ticket.get("createdBy").asString()).isEqualTo("flow-integration:" + flowId);
        JsonNode attachment = ticket.get("attachments").get(0);
        assertThat(attachment.get("filename").asString()).isEqualTo("df-report.txt");
        assertThat(attachment.get("size").asLong()).isEqualTo(report.length);
        Answer download = admin.get("/api/v1/tickets/" + dataNo + "/attachments/" + attachment.get("id").asString());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(report);

        JsonNode incomplete = seedForm(security, "create")
                .field("formdata", "[{\"id\":\"title\",\"value\":\"缺审批人\"}]")
                .postMultipart(omflowUrl(flowId)).json();
        assertThat(incomplete.get("status").asString()).isEqualTo("404");
        assertThat(incomplete.get("message").asString()).isEqualTo("開單失敗。");
        assertThat(incomplete.get("error").asString()).startsWith("REQUIRED_FIELD_MISSING").contains("approver");

        JsonNode found = seedForm(security, "search").field("data_no", dataNo).postMultipart(omflowUrl(flowId)).json();
        assertThat(found.get("status").asString()).isEqualTo("200");
        assertThat(found.get("message").asString()).isEqualTo("查詢成功。");
        assertThat(found.get("result").isArray()).isTrue();
        assertThat(found.get("result")).hasSize(1);
        String dataId = found.get("result").get(0).get("data_id").asString();
        assertThat(dataId).startsWith(dataNo + "-");
        assertThat(found.get("result").get(0).get("stop_chart_text").asString()).isEqualTo("主管审批");

        JsonNode withoutDecision = seedForm(security, "push").field("data_id", dataId).field("formdata", "[]")
                .postMultipart(omflowUrl(flowId)).json();
        assertThat(withoutDecision.get("message").asString()).isEqualTo("推單失敗。");
        assertThat(withoutDecision.get("error").asString()).startsWith("REQUIRED_FIELD_MISSING").contains("decision");

        // the node's form carries a file, as the create's did
        byte[] note = "同意扩容，预算已批".getBytes(StandardCharsets.UTF_8);
        JsonNode pushed = seedForm(security, "push").field("data_id", dataId)
                .field("formdata", "[{\"id\":\"decision\",\"value\":\"同意\"}]")
                .file("files", "审批意见.txt", note)
                .postMultipart(omflowUrl(flowId)).json();
        assertThat(pushed.toString()).isEqualTo("{\"status\":\"200\",\"message\":\"推單成功。\",\"result\":\"\"}");
        JsonNode attachments = admin.get("/api/v1/tickets/" + dataNo).json().get("attachments");
        assertThat(attachments.findValuesAsString("filename")).containsExactly("df-report.txt", "审批意见.txt");
        String noteId = attachments.get(1).get("id").asString();
        assertThat(admin.get("/api/v1/tickets/" + dataNo + "/attachments/" + noteId).body()).isEqualTo(note);
        JsonNode submitted = null;
        for (JsonNode entry : admin.get("/api/v1/tickets/" + dataNo + "/history").json()) {
            if ("WorkItemSubmitted".equals(entry.get("type").asString())) {
                submitted = entry;
            }
        }
        assertThat(submitted).isNotNull();
        assertThat(submitted.get("dataId").asString()).isEqualTo(dataId);
        assertThat(submitted.get("details").get("attachments").findValuesAsString("id")).containsExactly(noteId);

        JsonNode moved = seedForm(security, "search").field("data_no", dataNo).postUrlEncoded(omflowUrl(flowId)).json();
        assertThat(moved.get("result")).hasSize(1);
        assertThat(moved.get("result").get(0).get("stop_chart_text").asString()).isEqualTo("运维执行");
        assertThat(admin.get("/api/v1/tickets/" + dataNo + "/variables").json().get("decision").asString())
                .isEqualTo("同意");

        // A code of another flow opens nothing here, and this flow's tickets are unknown to it.
        String otherFlow = Flows.publish(admin, "flows/two-step-approval.bpmn");
        String otherSecurity = issue(admin, otherFlow).get("security");
        JsonNode foreign = seedForm(otherSecurity, "search").field("data_no", dataNo).postMultipart(omflowUrl(flowId))
                .json();
        assertThat(foreign.get("status").asString()).isEqualTo("404");
        assertThat(foreign.get("message").asString()).isEqualTo("查詢失敗。");
        assertThat(foreign.get("error").asString()).startsWith("UNAUTHORIZED");
        JsonNode notOnThatFlow = seedForm(otherSecurity, "search").field("data_no", dataNo)
                .postMultipart(omflowUrl(otherFlow)).json();
        assertThat(notOnThatFlow.get("status").asString()).isEqualTo("404");
        assertThat(notOnThatFlow.get("error").asString()).startsWith("TICKET_NOT_FOUND");

        Answer revoked = MoreCalls.delete("/api/v1/flows/" + flowId + "/security-codes/" + code.get("id"));
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
        String nextDataId = moved.get("result").get(0).get("data_id").asString();
        JsonNode refused = seedForm(security, "push").field("data_id", nextDataId).field("formdata", "[]")
                .postMultipart(omflowUrl(flowId)).json();
        assertThat(refused.get("status").asString()).isEqualTo("404");
        assertThat(refused.get("message").asString()).isEqualTo("推單失敗。");
        assertThat(refused.get("error").asString()).startsWith("UNAUTHORIZED");
        assertThat(admin.get("/api/v1/tickets/" + dataNo + "/work-items").json().get(0).get("dataId").asString())
                .isEqualTo(nextDataId);
    }

    @Test
    void aFlowThatVerifiesItsStartOpensTheTicketOnlyWithTheOpenersToken() {
        GatewayClient admin = SharedStack.admin();
        String flowId = Flows.publish(admin, "flows/verified-request.bpmn");
        String security = issue(admin, flowId).get("security");

        JsonNode created = untilFlowKnown(() -> seedForm(security, "create")
                .field("formdata", "[{\"id\":\"title\",\"value\":\"申请VPN\"}]")
                .field("user", "vera")
                .postUrlEncoded(omflowUrl(flowId)));
        assertThat(created.toString()).isEqualTo("{\"status\":\"200\",\"message\":\"開單成功。\",\"result\":\"\"}");

        GatewayClient vera = admin.as("vera");
        JsonNode inbox = vera.await("/api/v1/inbox", a -> a.status() == 200 && verification(a.json()) != null,
                EVENTUALLY).json();
        JsonNode item = verification(inbox);
        String ticketId = item.get("ticketId").asString();
        String token = item.get("verificationToken").asString();
        assertThat(token).isNotBlank();
        JsonNode pending = admin.get("/api/v1/tickets/" + ticketId).json();
        assertThat(pending.get("status").asString()).isEqualTo("PENDING_VERIFICATION");
        assertThat(pending.get("createdBy").asString()).isEqualTo("vera");

        Answer wrong = vera.post("/api/v1/tickets/" + ticketId + "/verify", Map.of("token", token + "x"));
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(403);
        assertThat(wrong.text("code")).isEqualTo("VERIFICATION_FAILED");

        Answer verified = vera.post("/api/v1/tickets/" + ticketId + "/verify?wait=settled", Map.of("token", token));
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        JsonNode ticket = admin.get("/api/v1/tickets/" + ticketId).json();
        assertThat(ticket.get("status").asString()).isEqualTo("RUNNING");
        assertThat(ticket.get("workItems")).hasSize(1);
        assertThat(ticket.get("workItems").get(0).get("nodeId").asString()).isEqualTo("Activity_Handle");
        assertThat(ticket.get("workItems").get(0).get("handlers").get(0).asString()).isEqualTo("ops1");
    }

    // ---------------------------------------------------------------- helpers

    static Map<String, String> issue(GatewayClient admin, String flowId) {
        Answer issued = admin.post("/api/v1/flows/" + flowId + "/security-codes", Map.of());
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        return Map.of("security", issued.text("security"), "id", issued.text("id"));
    }

    private static MultipartForm seedForm(String security, String action) {
        return new MultipartForm().field("security", security).field("omflow_restapi", "1").field("action", action);
    }

    private static String omflowUrl(String flowId) {
        return SharedStack.get().gatewayUrl() + "/omflow/api/" + flowId;
    }

    /** A flow published a moment ago reaches ticket-service through Kafka; until then a create says FLOW_NOT_FOUND. */
    private static JsonNode untilFlowKnown(Supplier<Answer> create) {
        JsonNode body = Flows.untilFlowKnown(() -> {
            Answer answer = create.get();
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.contentType()).isEqualTo("application/json;charset=UTF-8");
            return answer.json();
        }, answer -> answer.has("error") && answer.get("error").asString().startsWith("FLOW_NOT_FOUND"));
        return body;
    }

    private static JsonNode verification(JsonNode inbox) {
        for (JsonNode item : inbox) {
            if ("START_VERIFICATION".equals(item.get("type").asString())) {
                return item;
            }
        }
        return null;
    }
}
