package io.ticketflow.flow.engine;

import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.model.SequenceFlow;
import io.ticketflow.flow.engine.state.InstanceState;
import io.ticketflow.flow.engine.state.Token;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * When an inclusive join may fire. We use graph reachability rather than counting what the matching fork created:
 * the join waits while any live token (waiting, running a job, failed or still moving) can reach it without passing
 * through it. This needs no pairing of forks and joins, so it also holds for unstructured diagrams and for branches
 * that an exclusive gateway later routes away from the join. Known limit, shared with Camunda: a token that can loop
 * back to the join from behind it keeps the join waiting.
 */
final class InclusiveJoinRule {

    private InclusiveJoinRule() {
    }

    static boolean mayFire(FlowModel model, InstanceState state, String joinId) {
        for (Token token : state.tokens().values()) {
            if (canReach(model, token.nodeId(), joinId)) {
                return false;
            }
        }
        return true;
    }

    private static boolean canReach(FlowModel model, String fromNode, String joinId) {
        Deque<String> pending = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        pending.push(fromNode);
        seen.add(fromNode);
        while (!pending.isEmpty()) {
            for (SequenceFlow flow : model.outgoing(pending.pop())) {
                if (flow.targetRef().equals(joinId)) {
                    return true;
                }
                if (seen.add(flow.targetRef())) {
                    pending.push(flow.targetRef());
                }
            }
        }
        return false;
    }
}
