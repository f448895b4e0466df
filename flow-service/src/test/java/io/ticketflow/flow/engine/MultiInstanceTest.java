package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.Bpmn.end;
import static io.ticketflow.flow.engine.Bpmn.flow;
import static io.ticketflow.flow.engine.Bpmn.multiInstanceTask;
import static io.ticketflow.flow.engine.Bpmn.process;
import static io.ticketflow.flow.engine.Bpmn.start;
import static io.ticketflow.flow.engine.Bpmn.userTask;
import static io.ticketflow.flow.engine.model.NodeType.END_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.START_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.USER_TASK;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.flow.engine.event.EngineEvent;
import io.ticketflow.flow.engine.event.EngineEvent.IncidentRaised;
import io.ticketflow.flow.engine.event.EngineEvent.LoopCancelled;
import io.ticketflow.flow.engine.event.EngineEvent.LoopCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.LoopInstanceCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.LoopInstanceCreated;
import io.ticketflow.flow.engine.event.EngineEvent.LoopResumed;
import io.ticketflow.flow.engine.event.EngineEvent.LoopStarted;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.ProcessCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.ProcessTerminated;
import io.ticketflow.flow.engine.event.EngineEvent.TokenCreated;
import io.ticketflow.flow.engine.event.EngineEvent.TokenEnded;
import io.ticketflow.flow.engine.event.EngineEvent.TokenWithdrawn;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.state.InstanceStatus;
import io.ticketflow.flow.engine.state.Token;
import io.ticketflow.flow.engine.state.TokenStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Countersign (会签) and either-sign (或签): multi-instance user tasks, as exact event sequences. */
class MultiInstanceTest {

    private static final Map<String, Object> THREE = Map.of("approvers", List.of("bob", "carol", "dave"));

    private final Harness harness = new Harness();

    private FlowModel signing(String task) {
        return harness.model(process(start("s"), task, userTask("after", "ops"), end("e"),
                flow("f1", "s", "sign"), flow("f2", "sign", "after"), flow("f3", "after", "e")));
    }

    private static List<EngineEvent> opening() {
        return List.of(new TokenCreated("T-1", "s", null), new NodeEntered("T-1", "s", START_EVENT),
                new NodeLeft("T-1", "s", "f1"), new NodeEntered("T-1", "sign", USER_TASK));
    }

    private static UserTaskActivated signing(String dataId, String user) {
        return new UserTaskActivated(dataId, "sign", "sign", List.of(user), List.of());
    }

    @Test
    void aParallelCountersignGivesEveryElementItsOwnWorkItemAndMovesOnOnlyWhenAllHaveSigned() {
        FlowModel model = signing(multiInstanceTask("sign", "${approver}", false, "${approvers}", "approver", null, null));

        Step started = harness.start(model, THREE);

        List<EngineEvent> expected = new java.util.ArrayList<>(opening());
        expected.addAll(List.of(
                new LoopStarted("T-1", "sign", 3, List.of("bob", "carol", "dave")),
                new LoopInstanceCreated("T-2", "T-1", "sign", 0), signing("T-2", "bob"),
                new LoopInstanceCreated("T-3", "T-1", "sign", 1), signing("T-3", "carol"),
                new LoopInstanceCreated("T-4", "T-1", "sign", 2), signing("T-4", "dave")));
        assertThat(started.events()).containsExactlyElementsOf(expected);
        assertThat(started.state().tokens().get("T-1")).isEqualTo(new Token("T-1", "sign", TokenStatus.LOOP));

        Step carol = harness.complete(model, started, "T-3", Map.of());
        assertThat(carol.events()).containsExactly(new LoopInstanceCompleted("T-3", "T-1"));
        Step dave = harness.complete(model, carol, "T-4", Map.of());
        assertThat(dave.events()).containsExactly(new LoopInstanceCompleted("T-4", "T-1"));
        assertThat(dave.state().loop("T-1").orElseThrow().completed()).isEqualTo(2);

        Step bob = harness.complete(model, dave, "T-2", Map.of());
        assertThat(bob.events()).containsExactly(
                new LoopInstanceCompleted("T-2", "T-1"),
                new LoopCompleted("T-1", "sign", 3, 3),
                new NodeLeft("T-1", "sign", "f2"),
                new NodeEntered("T-1", "after", USER_TASK),
                new UserTaskActivated("T-1", "after", "after", List.of("ops"), List.of()));
        assertThat(bob.state().loops()).isEmpty();
    }

    @Test
    void anEitherSignEndsAtTheFirstSignatureAndWithdrawsTheOthersWorkItems() {
        FlowModel model = signing(multiInstanceTask("sign", "${approver}", false, "approvers", "approver", null,
                "${nrOfCompletedInstances >= 1}"));
        Step started = harness.start(model, THREE);

        Step carol = harness.complete(model, started, "T-3", Map.of());

        String reason = "completion condition of sign met after 1 of 3 instances";
        assertThat(carol.events()).containsExactly(
                new LoopInstanceCompleted("T-3", "T-1"),
                new TokenWithdrawn("T-2", "sign", reason),
                new TokenWithdrawn("T-4", "sign", reason),
                new LoopCompleted("T-1", "sign", 1, 3),
                new NodeLeft("T-1", "sign", "f2"),
                new NodeEntered("T-1", "after", USER_TASK),
                new UserTaskActivated("T-1", "after", "after", List.of("ops"), List.of()));
        assertThat(carol.state().tokens().keySet()).containsExactly("T-1");
    }

    @Test
    void oneRejectionEndsACountersignWhileApprovalsLetItWaitForTheRest() {
        FlowModel model = signing(multiInstanceTask("sign", "${approver}", false, "${approvers}", "approver", null,
                "${decision == 'reject'}"));
        Step started = harness.start(model, THREE);

        Step approved = harness.complete(model, started, "T-2", Map.of("decision", "approve"));
        assertThat(approved.events()).containsExactly(new LoopInstanceCompleted("T-2", "T-1"));

        Step rejected = harness.complete(model, approved, "T-4", Map.of("decision", "reject"));
        assertThat(rejected.events()).startsWith(new LoopInstanceCompleted("T-4", "T-1"),
                new TokenWithdrawn("T-3", "sign", "completion condition of sign met after 2 of 3 instances"),
                new LoopCompleted("T-1", "sign", 2, 3));
    }

    @Test
    void aSequentialCountersignActivatesOneSignerAfterTheOtherInTheCollectionsOrder() {
        FlowModel model = signing(multiInstanceTask("sign", "${approver}", true, "${approvers}", "approver", null, null));

        Step started = harness.start(model, THREE);
        assertThat(started.events()).endsWith(new LoopStarted("T-1", "sign", 3, List.of("bob", "carol", "dave")),
                new LoopInstanceCreated("T-2", "T-1", "sign", 0), signing("T-2", "bob"));

        Step bob = harness.complete(model, started, "T-2", Map.of());
        assertThat(bob.events()).containsExactly(new LoopInstanceCompleted("T-2", "T-1"),
                new LoopInstanceCreated("T-3", "T-1", "sign", 1), signing("T-3", "carol"));
        Step carol = harness.complete(model, bob, "T-3", Map.of());
        assertThat(carol.events()).containsExactly(new LoopInstanceCompleted("T-3", "T-1"),
                new LoopInstanceCreated("T-4", "T-1", "sign", 2), signing("T-4", "dave"));
        Step dave = harness.complete(model, carol, "T-4", Map.of());
        assertThat(dave.events()).startsWith(new LoopInstanceCompleted("T-4", "T-1"),
                new LoopCompleted("T-1", "sign", 3, 3), new NodeLeft("T-1", "sign", "f2"));
    }

    @Test
    void aCardinalityRunsThatManyInstancesWhichSeeTheirLoopCounter() {
        FlowModel model = signing(multiInstanceTask("sign", "${reviewers[loopCounter]}", false, null, null,
                "${count}", null));

        Step started = harness.start(model, Map.of("count", 2, "reviewers", List.of("erin", "frank")));

        assertThat(started.events()).endsWith(new LoopStarted("T-1", "sign", 2, List.of()),
                new LoopInstanceCreated("T-2", "T-1", "sign", 0), signing("T-2", "erin"),
                new LoopInstanceCreated("T-3", "T-1", "sign", 1), signing("T-3", "frank"));
    }

    @Test
    void anEmptyCollectionPassesStraightThrough() {
        FlowModel model = signing(multiInstanceTask("sign", "${approver}", false, "${approvers}", "approver", null, null));

        Step started = harness.start(model, Map.of("approvers", List.of()));

        assertThat(started.events()).endsWith(new LoopStarted("T-1", "sign", 0, List.of()),
                new LoopCompleted("T-1", "sign", 0, 0), new NodeLeft("T-1", "sign", "f2"),
                new NodeEntered("T-1", "after", USER_TASK),
                new UserTaskActivated("T-1", "after", "after", List.of("ops"), List.of()));
    }

    @Test
    void aCollectionThatIsNoListIsAnIncidentOnTheTaskAndARetryWithAListStartsTheLoop() {
        FlowModel model = signing(multiInstanceTask("sign", "${approver}", false, "${approvers}", "approver", null, null));

        Step started = harness.start(model, Map.of("approvers", Map.of("not", "a list")));
        IncidentRaised incident = (IncidentRaised) started.events().get(started.events().size() - 1);
        assertThat(incident.dataId()).isEqualTo("T-1");
        assertThat(incident.reason()).contains("collection ${approvers} yields", "expected a list");
        assertThat(started.state().tokens().get("T-1").status()).isEqualTo(TokenStatus.FAILED);

        Step retried = harness.retry(model, started, "T-1", Map.of("approvers", "bob, carol"));
        assertThat(retried.events()).containsExactly(new NodeEntered("T-1", "sign", USER_TASK),
                new LoopStarted("T-1", "sign", 2, List.of("bob", "carol")),
                new LoopInstanceCreated("T-2", "T-1", "sign", 0), signing("T-2", "bob"),
                new LoopInstanceCreated("T-3", "T-1", "sign", 1), signing("T-3", "carol"));
    }

    @Test
    void aCompletionConditionThatFailsIsAnIncidentOnTheLoopAndARetryResumesItWithTheOthersStillWaiting() {
        FlowModel model = signing(multiInstanceTask("sign", "${approver}", false, "${approvers}", "approver", null,
                "${limit * 1 < 2}"));
        Step started = harness.start(model, Map.of("approvers", List.of("bob", "carol", "dave"), "limit", "many"));

        Step failed = harness.complete(model, started, "T-2", Map.of("limit", "many"));
        assertThat(failed.events()).hasSize(2).first().isEqualTo(new LoopInstanceCompleted("T-2", "T-1"));
        assertThat(failed.events().get(1)).isInstanceOf(IncidentRaised.class);
        assertThat(failed.state().tokens().get("T-1").status()).isEqualTo(TokenStatus.FAILED);
        assertThat(failed.state().tokens().get("T-3").status()).as("the other signers still wait")
                .isEqualTo(TokenStatus.WAITING);

        Step resumed = harness.retry(model, failed, "T-1", Map.of("limit", 5));
        assertThat(resumed.events()).startsWith(new NodeEntered("T-1", "sign", USER_TASK),
                new LoopResumed("T-1", "sign"));
        assertThat(resumed.events()).hasSize(2);
        assertThat(resumed.state().tokens().get("T-1").status()).isEqualTo(TokenStatus.LOOP);
    }

    @Test
    void aForceCloseCancelsTheLoopAndWithdrawsItsWaitingInstances() {
        FlowModel model = signing(multiInstanceTask("sign", "${approver}", false, "${approvers}", "approver", null, null));
        Step started = harness.start(model, THREE);
        Step signed = harness.complete(model, started, "T-2", Map.of());

        Step closed = harness.terminate(signed, "closed");

        assertThat(closed.events()).containsExactly(new LoopCancelled("T-1", "sign", "closed"),
                new TokenWithdrawn("T-3", "sign", "closed"), new TokenWithdrawn("T-4", "sign", "closed"),
                new ProcessTerminated("closed"));
        assertThat(closed.state().status()).isEqualTo(InstanceStatus.TERMINATED);
        assertThat(closed.state().loops()).isEmpty();
    }

    @Test
    void anInstanceWhoseElementNamesNoOneFailsAloneAndItsRetryActivatesItWithItsOwnElement() {
        FlowModel model = signing(multiInstanceTask("sign", "${approver}", false, "${approvers}", "approver", null, null));
        java.util.List<Object> approvers = new java.util.ArrayList<>(List.of("bob"));
        approvers.add(null);
        Step started = harness.start(model, Map.of("approvers", approvers));
        assertThat(started.state().tokens().get("T-2").status()).isEqualTo(TokenStatus.WAITING);
        assertThat(started.state().tokens().get("T-3").status()).isEqualTo(TokenStatus.FAILED);

        Step retried = harness.retry(model, started, "T-3", Map.of());
        assertThat(retried.events()).hasSize(2).first().isEqualTo(new NodeEntered("T-3", "sign", USER_TASK));
        assertThat(retried.events().get(1)).as("the element is still null: the same incident")
                .isInstanceOf(IncidentRaised.class);

        Step bob = harness.complete(model, started, "T-2", Map.of());
        assertThat(bob.events()).containsExactly(new LoopInstanceCompleted("T-2", "T-1"));
    }

    @Test
    void theLastStepOfAFlowEndingAfterTheLoopCompletesTheProcess() {
        FlowModel model = harness.model(process(start("s"),
                multiInstanceTask("sign", "${approver}", false, "${approvers}", "approver", null, null), end("e"),
                flow("f1", "s", "sign"), flow("f2", "sign", "e")));
        Step started = harness.start(model, Map.of("approvers", List.of("bob")));

        Step bob = harness.complete(model, started, "T-2", Map.of());

        assertThat(bob.events()).containsExactly(new LoopInstanceCompleted("T-2", "T-1"),
                new LoopCompleted("T-1", "sign", 1, 1), new NodeLeft("T-1", "sign", "f2"),
                new NodeEntered("T-1", "e", END_EVENT), new TokenEnded("T-1", "e"), new ProcessCompleted());
    }

    /** Camunda Modeler: a countersign that one "reject" ends, then an either-sign among the directors. */
    @Test
    void aModelerCountersignEndsAtTheFirstRejectionAndTheEitherSignAtTheFirstSignature() {
        FlowModel model = harness.model(ModelerDocumentTest.resource("contract-countersign.bpmn"));
        Map<String, Object> data = Map.of("signers", List.of("li", "wang"), "directors", List.of("zhao", "qian", "sun"));

        Step started = harness.start(model, data);
        assertThat(started.events()).endsWith(
                new UserTaskActivated("T-2", "Activity_Countersign", "法务会签", List.of("li"), List.of()),
                new LoopInstanceCreated("T-3", "T-1", "Activity_Countersign", 1),
                new UserTaskActivated("T-3", "Activity_Countersign", "法务会签", List.of("wang"), List.of()));
        Map<String, Object> rejected = new java.util.HashMap<>(data);
        rejected.put("verdict", "reject");
        Step rejection = harness.complete(model, started, "T-3", rejected);
        assertThat(rejection.events()).contains(new TokenWithdrawn("T-2", "Activity_Countersign",
                "completion condition of 法务会签 met after 1 of 2 instances")).endsWith(
                new TokenEnded("T-1", "Event_rejected"), new ProcessCompleted());

        Map<String, Object> approved = new java.util.HashMap<>(data);
        approved.put("verdict", "approve");
        Step li = harness.complete(model, started, "T-2", approved);
        Step both = harness.complete(model, li, "T-3", approved);
        assertThat(both.events()).endsWith(
                new UserTaskActivated("T-4", "Activity_Sign", "领导或签", List.of("zhao"), List.of()),
                new LoopInstanceCreated("T-5", "T-1", "Activity_Sign", 1),
                new UserTaskActivated("T-5", "Activity_Sign", "领导或签", List.of("qian"), List.of()),
                new LoopInstanceCreated("T-6", "T-1", "Activity_Sign", 2),
                new UserTaskActivated("T-6", "Activity_Sign", "领导或签", List.of("sun"), List.of()));
        Step qian = harness.complete(model, both, "T-5", approved);
        assertThat(qian.events()).containsExactly(new LoopInstanceCompleted("T-5", "T-1"),
                new TokenWithdrawn("T-4", "Activity_Sign", "completion condition of 领导或签 met after 1 of 3 instances"),
                new TokenWithdrawn("T-6", "Activity_Sign", "completion condition of 领导或签 met after 1 of 3 instances"),
                new LoopCompleted("T-1", "Activity_Sign", 1, 3), new NodeLeft("T-1", "Activity_Sign", "Flow_0x4f1qa"),
                new NodeEntered("T-1", "Event_signed", END_EVENT), new TokenEnded("T-1", "Event_signed"),
                new ProcessCompleted());
    }

    /** Flowable's modeler: a sequential review that 60 % of the experts settle, then a cardinality over a group. */
    @Test
    void aFlowableSequentialReviewStopsAtItsQuorumAndACardinalityLoopOffersEachInstanceToTheGroup() {
        FlowModel model = harness.model(ModelerDocumentTest.resource("purchase-review-flowable.bpmn"));
        Map<String, Object> data = Map.of("experts", List.of("e1", "e2", "e3", "e4", "e5"));

        Step step = harness.start(model, data);
        for (int signed = 0; signed < 2; signed++) {
            step = harness.complete(model, step, "T-" + (2 + signed), data);
            assertThat(step.events()).as("after %d of 5", signed + 1)
                    .endsWith(new UserTaskActivated("T-" + (3 + signed), "expertReview", "专家评审",
                            List.of("e" + (2 + signed)), List.of()));
        }
        Step quorum = harness.complete(model, step, "T-4", data);

        assertThat(quorum.events()).containsExactly(new LoopInstanceCompleted("T-4", "T-1"),
                new LoopCompleted("T-1", "expertReview", 3, 5), new NodeLeft("T-1", "expertReview", "sid-8B3C6F22"),
                new NodeEntered("T-1", "committee", USER_TASK), new LoopStarted("T-1", "committee", 2, List.of()),
                new LoopInstanceCreated("T-5", "T-1", "committee", 0),
                new UserTaskActivated("T-5", "committee", "委员会复核", List.of(), List.of(), List.of("committee")),
                new LoopInstanceCreated("T-6", "T-1", "committee", 1),
                new UserTaskActivated("T-6", "committee", "委员会复核", List.of(), List.of(), List.of("committee")));
    }

    /** BPMN's own loopDataInputRef and inputDataItem, as Activiti Designer writes them. */
    @Test
    void bpmnsOwnLoopDataInputRefAndInputDataItemNameTheCollectionAndTheElement() {
        FlowModel model = signing("<bpmn:userTask id=\"sign\" camunda:assignee=\"${reviewer}\">"
                + "<bpmn:multiInstanceLoopCharacteristics isSequential=\"false\">"
                + "<bpmn:loopDataInputRef>reviewers</bpmn:loopDataInputRef>"
                + "<bpmn:inputDataItem name=\"reviewer\"/>"
                + "</bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>");

        Step started = harness.start(model, Map.of("reviewers", List.of("bob", "carol")));

        assertThat(started.events()).endsWith(signing("T-2", "bob"), new LoopInstanceCreated("T-3", "T-1", "sign", 1),
                signing("T-3", "carol"));
    }

    @Test
    void multiInstanceIsRefusedWhereItCannotRunWithTheReasonNamed() {
        String serviceLoop = process(start("s"), "<bpmn:scriptTask id=\"x\" scriptFormat=\"juel\">"
                + "<bpmn:multiInstanceLoopCharacteristics camunda:collection=\"${items}\"/>"
                + "<bpmn:script>${1}</bpmn:script></bpmn:scriptTask>", end("e"),
                flow("f1", "s", "x"), flow("f2", "x", "e"));
        String nothingToLoopOver = process(start("s"), "<bpmn:userTask id=\"x\" camunda:assignee=\"bob\">"
                + "<bpmn:multiInstanceLoopCharacteristics camunda:elementVariable=\"not a name\"/></bpmn:userTask>",
                end("e"), flow("f1", "s", "x"), flow("f2", "x", "e"));

        assertThat(harness.parser.parse(serviceLoop).problems()).extracting(Object::toString).anySatisfy(problem ->
                assertThat(problem).contains("multiInstanceLoopCharacteristics is not supported on a scriptTask",
                        "only user tasks run as multi-instance"));
        assertThat(harness.parser.parse(nothingToLoopOver).problems()).extracting(Object::toString)
                .anySatisfy(problem -> assertThat(problem).contains("needs a collection (camunda:collection) or a"
                        + " loopCardinality"))
                .anySatisfy(problem -> assertThat(problem).contains("elementVariable must name a variable"));
    }
}
