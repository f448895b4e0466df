package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.Bpmn.end;
import static io.ticketflow.flow.engine.Bpmn.exclusive;
import static io.ticketflow.flow.engine.Bpmn.flow;
import static io.ticketflow.flow.engine.Bpmn.multiInstanceTask;
import static io.ticketflow.flow.engine.Bpmn.parallel;
import static io.ticketflow.flow.engine.Bpmn.process;
import static io.ticketflow.flow.engine.Bpmn.start;
import static io.ticketflow.flow.engine.Bpmn.userTask;
import static io.ticketflow.flow.engine.model.NodeType.USER_TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.flow.engine.event.EngineEvent.JoinArrived;
import io.ticketflow.flow.engine.event.EngineEvent.JoinCompleted;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.TokenReturned;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.model.FlowModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** 驳回: a waiting token sent back to a human node it passed, as exact event sequences. */
class ReturnTest {

    private final Harness harness = new Harness();

    @Test
    void aReturnedTokenLeavesItsTaskAndActivatesTheEarlierTaskAgainAcrossAnExclusiveGateway() {
        FlowModel model = harness.model(process(start("s"), userTask("apply", "${applicant}"), exclusive("x"),
                userTask("approve", "${approver}"), end("e"),
                flow("f1", "s", "apply"), flow("f2", "apply", "x"), flow("f3", "x", "approve"),
                flow("f4", "approve", "e")));
        Map<String, Object> people = Map.of("applicant", "alice", "approver", "bob");
        Step approving = harness.complete(model, harness.start(model, people), "T-1", people);

        Step returned = harness.returnTo(model, approving, "T-1", "apply", Map.of("applicant", "alice2"));

        assertThat(returned.events()).containsExactly(new TokenReturned("T-1", "approve", "apply"),
                new NodeEntered("T-1", "apply", USER_TASK),
                new UserTaskActivated("T-1", "apply", "apply", List.of("alice2"), List.of()));
        assertThat(returned.state().automaticEntries()).as("a person's action: the automatic count restarts")
                .isEqualTo(1);
        Step again = harness.complete(model, returned, "T-1", people);
        assertThat(again.events()).endsWith(new UserTaskActivated("T-1", "approve", "approve", List.of("bob"),
                List.of()));
    }

    /** fork -> (a1 -> a2 | b) -> join: a return inside a branch leaves the other branch's arrival counted once. */
    @Test
    void aReturnInsideABranchKeepsTheJoinCountingRight() {
        FlowModel model = harness.model(process(start("s"), parallel("fork"), userTask("a1", "ann"),
                userTask("a2", "amy"), userTask("b", "ben"), parallel("join"), userTask("c", "cat"), end("e"),
                flow("f1", "s", "fork"), flow("f2", "fork", "a1"), flow("f3", "a1", "a2"), flow("f4", "a2", "join"),
                flow("f5", "fork", "b"), flow("f6", "b", "join"), flow("f7", "join", "c"), flow("f8", "c", "e")));
        Step forked = harness.start(model, Map.of());
        Step bDone = harness.complete(model, forked, "T-3", Map.of());
        assertThat(bDone.events()).contains(new JoinArrived("T-3", "join", "f6"));
        Step a1Done = harness.complete(model, bDone, "T-2", Map.of());

        Step returned = harness.returnTo(model, a1Done, "T-2", "a1", Map.of());
        assertThat(returned.events()).containsExactly(new TokenReturned("T-2", "a2", "a1"),
                new NodeEntered("T-2", "a1", USER_TASK),
                new UserTaskActivated("T-2", "a1", "a1", List.of("ann"), List.of()));
        assertThat(returned.state().arrivalsAt("join")).isEqualTo(Map.of("f6", List.of("T-3")));

        Step a1Again = harness.complete(model, returned, "T-2", Map.of());
        Step joined = harness.complete(model, a1Again, "T-2", Map.of());
        assertThat(joined.events()).contains(new JoinCompleted("join", List.of("T-2", "T-3"), "T-4"))
                .endsWith(new UserTaskActivated("T-4", "c", "c", List.of("cat"), List.of()));
    }

    @Test
    void onlyATokenWaitingAtASingleUserTaskReturnsAndOnlyToAUserTask() {
        FlowModel model = harness.model(process(start("s"), userTask("apply", "alice"),
                multiInstanceTask("sign", "${signer}", false, "${signers}", "signer", null, null), end("e"),
                flow("f1", "s", "apply"), flow("f2", "apply", "sign"), flow("f3", "sign", "e")));
        Map<String, Object> signers = Map.of("signers", List.of("bob", "carol"));
        Step signing = harness.complete(model, harness.start(model, signers), "T-1", signers);

        assertThatThrownBy(() -> harness.engine.returnTo(model, signing.state(), "T-2", "apply", signers))
                .isInstanceOf(EngineException.class).hasMessageContaining("single user task");
        assertThatThrownBy(() -> harness.engine.returnTo(model, signing.state(), "T-1", "apply", signers))
                .isInstanceOf(EngineException.class);
        FlowModel plain = harness.model(process(start("s"), userTask("apply", "alice"), userTask("approve", "bob"),
                end("e"), flow("f1", "s", "apply"), flow("f2", "apply", "approve"), flow("f3", "approve", "e")));
        Step approving = harness.complete(plain, harness.start(plain, Map.of()), "T-1", Map.of());
        assertThatThrownBy(() -> harness.engine.returnTo(plain, approving.state(), "T-1", "s", Map.of()))
                .isInstanceOf(EngineException.class).hasMessageContaining("no user task");
    }
}
