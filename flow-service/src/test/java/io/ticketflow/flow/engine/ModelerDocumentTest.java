package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.ExclusiveGatewayTest.json;
import static io.ticketflow.flow.engine.model.NodeType.END_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.EXCLUSIVE_GATEWAY;
import static io.ticketflow.flow.engine.model.NodeType.INCLUSIVE_GATEWAY;
import static io.ticketflow.flow.engine.model.NodeType.PARALLEL_GATEWAY;
import static io.ticketflow.flow.engine.model.NodeType.SCRIPT_TASK;
import static io.ticketflow.flow.engine.model.NodeType.SERVICE_TASK;
import static io.ticketflow.flow.engine.model.NodeType.START_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.TASK;
import static io.ticketflow.flow.engine.model.NodeType.TERMINATE_END_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.USER_TASK;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.contracts.flow.FormField;
import io.ticketflow.contracts.flow.TaskDetails;
import io.ticketflow.flow.engine.event.EngineEvent.JobRequested;
import io.ticketflow.flow.engine.event.EngineEvent.JoinArrived;
import io.ticketflow.flow.engine.event.EngineEvent.JoinCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.ProcessCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.ScriptEvaluated;
import io.ticketflow.flow.engine.event.EngineEvent.TokenCreated;
import io.ticketflow.flow.engine.event.EngineEvent.TokenEnded;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.event.HttpRequestSpec;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.model.FlowNode;
import io.ticketflow.flow.engine.model.HttpConnectorSpec;
import io.ticketflow.flow.engine.model.ServiceTask;
import io.ticketflow.flow.engine.model.UserTask;
import io.ticketflow.flow.engine.state.InstanceStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Documents as Camunda Modeler saves them: bpmndi, incoming/outgoing, documentation, collaboration, lanes. */
class ModelerDocumentTest {

    private final Harness harness = new Harness();

    static String resource(String name) {
        try (InputStream in = ModelerDocumentTest.class.getResourceAsStream("/bpmn/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void repairOrderIsReadWithFormsVerificationConnectorAndHandlers() {
        FlowModel model = harness.model(resource("repair-order.bpmn"));

        assertThat(model.processId()).isEqualTo("Process_repair");
        assertThat(model.processName()).isEqualTo("报修工单");
        assertThat(model.startVerification()).isTrue();
        assertThat(model.startForm()).containsExactly(
                new FormField("title", "标题", "string", true),
                new FormField("priority", "优先级", "long", false, "1", List.of()),
                new FormField("description", "描述", "string", false));
        assertThat(model.nodes().values()).extracting(FlowNode::id, FlowNode::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("StartEvent_1", START_EVENT),
                org.assertj.core.groups.Tuple.tuple("Activity_0hnid40", USER_TASK),
                org.assertj.core.groups.Tuple.tuple("Gateway_urgent", EXCLUSIVE_GATEWAY),
                org.assertj.core.groups.Tuple.tuple("Gateway_fork", PARALLEL_GATEWAY),
                org.assertj.core.groups.Tuple.tuple("Task_notify", SERVICE_TASK),
                org.assertj.core.groups.Tuple.tuple("Task_1piqdk6", USER_TASK),
                org.assertj.core.groups.Tuple.tuple("Gateway_join", PARALLEL_GATEWAY),
                org.assertj.core.groups.Tuple.tuple("Task_repair", USER_TASK),
                org.assertj.core.groups.Tuple.tuple("Gateway_merge", EXCLUSIVE_GATEWAY),
                org.assertj.core.groups.Tuple.tuple("Task_score", SCRIPT_TASK),
                org.assertj.core.groups.Tuple.tuple("Task_confirm", USER_TASK),
                org.assertj.core.groups.Tuple.tuple("Event_done", END_EVENT));
        assertThat(((ServiceTask) model.nodes().get("Task_notify")).connector()).isEqualTo(new HttpConnectorSpec(
                "https://oncall.example.com/api/pages/${ticketId}", "POST", Map.of("Content-Type", "application/json"),
                "{\"title\":\"${title}\",\"engineer\":\"${dispatch.engineer}\"}", Map.of("pageId", "${response.id}")));
        assertThat(((UserTask) model.nodes().get("Task_confirm")).candidateUsers())
                .containsExactly("${reporter}", "${manager}");
        assertThat(model.flows().get("Flow_urgent").condition())
                .isEqualTo("${priority >= 3 && dispatch.region == 'east'}");
        assertThat(model.form("Activity_0hnid40")).containsExactly(new FormField("dispatch", "派单信息", "string", true));
    }

    /** Camunda Modeler: candidate groups (one an expression) and a user task that names no one (抢单). */
    @Test
    void candidateGroupsAndATaskNamingNoOnePublishAndRun() {
        FlowModel model = harness.model(resource("it-access-request.bpmn"));

        Step step = harness.start(model, Map.of("team", "net-ops"));
        assertThat(step.events()).endsWith(new UserTaskActivated("T-1", "Activity_Review", "组内审核", List.of(),
                List.of(), List.of("net-ops", "security")));

        Step granted = harness.complete(model, step, "T-1", Map.of("team", "net-ops"));
        assertThat(granted.events()).endsWith(new UserTaskActivated("T-1", "Activity_Grant", "开通权限", List.of(),
                List.of(), List.of()));
        assertThat(((UserTask) model.nodes().get("Activity_Grant")).open()).isTrue();
        assertThat(model.initiatorVariable()).isEqualTo("applicant");
        assertThat(((UserTask) model.nodes().get("Activity_Review")).details()).isEqualTo(new TaskDetails(
                "embedded:app:forms/review.html",
                List.of(new FormField("verdict", "审核意见", "enum", false, "approve",
                                List.of(new FormField.Option("approve", "同意"), new FormField.Option("reject", "驳回"))),
                        new FormField("comment", "备注", "string", false)),
                "${reviewDue}", null, "80"));
    }

    /** Flowable's modeler: the same attributes in the Flowable namespace, default BPMN namespace, no prefix. */
    @Test
    void flowableDialectAssigneeAndCandidateGroupsAreRead() {
        FlowModel model = harness.model(resource("leave-request-flowable.bpmn"));

        assertThat(model.form("managerApproval")).containsExactly(
                new FormField("approved", "是否同意", "enum", true, null,
                        List.of(new FormField.Option("yes", "同意"), new FormField.Option("no", "不同意"))),
                new FormField("days", "天数", "long", false, "1", List.of()));
        Step step = harness.start(model, Map.of("manager", "m.gao"));
        assertThat(step.events()).endsWith(new UserTaskActivated("T-1", "managerApproval", "经理审批",
                List.of("m.gao"), List.of("approved")));
        Step recorded = harness.complete(model, step, "T-1", Map.of("manager", "m.gao", "approved", "yes"));
        assertThat(recorded.events()).endsWith(new UserTaskActivated("T-1", "hrRecord", "人事备案", List.of(),
                List.of(), List.of("hr")));
    }

    /** Activiti Designer: BPMN's own humanPerformer and potentialOwner with user(), group() and plain ids. */
    @Test
    void humanPerformerAndPotentialOwnerNameTheAssigneeCandidatesAndGroups() {
        FlowModel model = harness.model(resource("expense-activiti.bpmn"));

        Step step = harness.start(model, Map.of("financeClerk", "f.qian"));
        assertThat(step.events()).endsWith(new UserTaskActivated("T-1", "deptLeader", "部门审批", List.of("kermit"),
                List.of(), List.of("management")));
        Step finance = harness.complete(model, step, "T-1", Map.of("financeClerk", "f.qian"));
        assertThat(finance.events()).endsWith(new UserTaskActivated("T-1", "finance", "财务复核", List.of("f.qian"),
                List.of()));
        Step archive = harness.complete(model, finance, "T-1", Map.of("financeClerk", "f.qian"));
        assertThat(archive.events()).endsWith(new UserTaskActivated("T-1", "archive", "归档", List.of(), List.of(),
                List.of("accountancy")));
    }

    @Test
    void repairOrderUrgentPathRunsParallelBranchesThenScriptThenConfirmation() {
        FlowModel model = harness.model(resource("repair-order.bpmn"));
        Map<String, Object> variables = new LinkedHashMap<>(json("""
                {"title": "空调漏水", "priority": 4, "dispatcher": "d.wu", "reporter": "r.he", "manager": "m.gao"}"""));

        Step step = harness.start(model, variables);
        assertThat(step.events()).endsWith(new UserTaskActivated("T-1", "Activity_0hnid40", "派单", List.of("d.wu"),
                List.of("dispatch")));

        variables.putAll(json("""
                {"dispatch": {"engineer": "zhang", "backups": ["li", "zhang"], "region": "east"}}"""));
        step = harness.complete(model, step, "T-1", variables);
        assertThat(step.events()).containsExactly(
                new NodeLeft("T-1", "Activity_0hnid40", "Flow_1dispatched"),
                new NodeEntered("T-1", "Gateway_urgent", EXCLUSIVE_GATEWAY),
                new NodeLeft("T-1", "Gateway_urgent", "Flow_urgent"),
                new NodeEntered("T-1", "Gateway_fork", PARALLEL_GATEWAY),
                new TokenCreated("T-2", "Gateway_fork", "T-1"),
                new TokenCreated("T-3", "Gateway_fork", "T-1"),
                new NodeLeft("T-2", "Gateway_fork", "Flow_toNotify"),
                new NodeEntered("T-2", "Task_notify", SERVICE_TASK),
                new JobRequested("T-2", "Task_notify", "通知值班系统", new HttpRequestSpec(
                        "https://oncall.example.com/api/pages/T", "POST", Map.of("Content-Type", "application/json"),
                        "{\"title\":\"空调漏水\",\"engineer\":\"zhang\"}", Map.of("pageId", "${response.id}"))),
                new NodeLeft("T-3", "Gateway_fork", "Flow_toOnsite"),
                new NodeEntered("T-3", "Task_1piqdk6", USER_TASK),
                new UserTaskActivated("T-3", "Task_1piqdk6", "现场维修", List.of("zhang", "li"), List.of()));

        variables.put("pageId", "PG-9");
        step = harness.complete(model, step, "T-2", variables);
        assertThat(step.events()).endsWith(new JoinArrived("T-2", "Gateway_join", "Flow_notified"));

        step = harness.complete(model, step, "T-3", variables);
        assertThat(step.events()).containsExactly(
                new NodeLeft("T-3", "Task_1piqdk6", "Flow_onsiteDone"),
                new NodeEntered("T-3", "Gateway_join", PARALLEL_GATEWAY),
                new JoinArrived("T-3", "Gateway_join", "Flow_onsiteDone"),
                new JoinCompleted("Gateway_join", List.of("T-2", "T-3"), "T-4"),
                new TokenCreated("T-4", "Gateway_join", "T-3"),
                new NodeLeft("T-4", "Gateway_join", "Flow_joined"),
                new NodeEntered("T-4", "Gateway_merge", EXCLUSIVE_GATEWAY),
                new NodeLeft("T-4", "Gateway_merge", "Flow_toScore"),
                new NodeEntered("T-4", "Task_score", SCRIPT_TASK),
                new ScriptEvaluated("T-4", "Task_score", "score", 40L),
                new NodeLeft("T-4", "Task_score", "Flow_toConfirm"),
                new NodeEntered("T-4", "Task_confirm", USER_TASK),
                new UserTaskActivated("T-4", "Task_confirm", "报修人确认", List.of("r.he", "m.gao"), List.of()));
        assertThat(step.variableChanges()).isEqualTo(Map.of("score", 40L));

        step = harness.complete(model, step, "T-4", variables);
        assertThat(step.events()).endsWith(new TokenEnded("T-4", "Event_done"), new ProcessCompleted());
    }

    @Test
    void repairOrderNormalPathSkipsTheParallelPart() {
        FlowModel model = harness.model(resource("repair-order.bpmn"));
        Map<String, Object> variables = new LinkedHashMap<>(json("""
                {"priority": 1, "dispatcher": "d.wu", "dispatch": {"engineer": "zhang", "region": "east"}}"""));
        Step step = harness.complete(model, harness.start(model, variables), "T-1", variables);

        assertThat(step.events()).endsWith(
                new NodeLeft("T-1", "Gateway_urgent", "Flow_normal"),
                new NodeEntered("T-1", "Task_repair", USER_TASK),
                new UserTaskActivated("T-1", "Task_repair", "普通维修", List.of("zhang"), List.of()));
    }

    @Test
    void approvalUsesTheExecutableProcessOfTheCollaboration() {
        FlowModel model = harness.model(resource("inclusive-approval.bpmn"));

        assertThat(model.processId()).isEqualTo("Process_change");
        assertThat(model.startVerification()).isFalse();
        assertThat(model.startForm()).containsExactly(
                new FormField("FORMITM_2", "變更內容", "string", true),
                new FormField("FORMITM_3", "金額", "long", false));
        assertThat(model.nodes().get("End_rejected").type()).isEqualTo(TERMINATE_END_EVENT);
        assertThat(model.nodes().get("Task_tech").type()).isEqualTo(TASK);
    }

    @Test
    void approvalWithFinanceAndLegalReviewsJoinsBothThenArchives() {
        FlowModel model = harness.model(resource("inclusive-approval.bpmn"));
        Map<String, Object> variables = Map.of("FORMITM_2", "升級資料庫", "FORMITM_3", 20000, "contract", "C-1");

        Step step = harness.start(model, variables);
        assertThat(step.events()).containsSubsequence(
                new NodeEntered("T-1", "Gw_reviews", INCLUSIVE_GATEWAY),
                new TokenCreated("T-2", "Gw_reviews", "T-1"),
                new TokenCreated("T-3", "Gw_reviews", "T-1"),
                new UserTaskActivated("T-2", "Task_finance", "財務審核", List.of("fin.lee", "fin.chen"), List.of()),
                new UserTaskActivated("T-3", "Task_legal", "法務審核", List.of("legal.wang"), List.of()));

        step = harness.complete(model, step, "T-3", variables);
        assertThat(step.events()).endsWith(new JoinArrived("T-3", "Gw_reviewsDone", "Flow_legalDone"));
        step = harness.complete(model, step, "T-2", variables);
        assertThat(step.events()).containsSubsequence(
                new JoinCompleted("Gw_reviewsDone", List.of("T-2", "T-3"), "T-4"),
                new NodeLeft("T-4", "Gw_decision", "Flow_approved"),
                new NodeEntered("T-4", "Task_archive", TASK),
                new TokenEnded("T-4", "End_approved"),
                new ProcessCompleted());
    }

    @Test
    void approvalRejectedRunsTheDefaultReviewAndEndsAtTheTerminateEnd() {
        FlowModel model = harness.model(resource("inclusive-approval.bpmn"));

        Step step = harness.start(model, Map.of("FORMITM_3", 10, "rejected", true));

        assertThat(step.events()).containsSubsequence(
                new NodeLeft("T-1", "Gw_reviews", "Flow_tech"),
                new NodeEntered("T-1", "Task_tech", TASK),
                new JoinCompleted("Gw_reviewsDone", List.of("T-1"), "T-2"),
                new NodeLeft("T-2", "Gw_decision", "Flow_rejected"),
                new NodeEntered("T-2", "End_rejected", TERMINATE_END_EVENT),
                new TokenEnded("T-2", "End_rejected"),
                new ProcessCompleted());
        assertThat(step.state().status()).isEqualTo(InstanceStatus.COMPLETED);
    }
}
