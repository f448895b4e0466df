package io.ticketflow.flow.engine.model;

/**
 * An embedded {@code subProcess}: a scope. The token entering it waits there while a token of its own runs the inner
 * nodes from {@code startNodeId}; when the last inner token ends, the sub-process is left. Boundary events attached to
 * it listen while it runs, and an interrupting one ends everything inside.
 * <p>
 * An event sub-process ({@code triggeredByEvent}) has no flows: it starts when its start event's trigger (an error
 * thrown in its scope, a message, a timer) happens while its scope — the process, or the sub-process it is drawn in —
 * runs; {@code interrupting}, it ends everything else in that scope first, and the scope ends with it.
 */
public record SubProcess(String id, String name, String startNodeId, boolean triggeredByEvent, boolean interrupting)
        implements FlowNode {

    /** An embedded sub-process. */
    public SubProcess(String id, String name, String startNodeId) {
        this(id, name, startNodeId, false, false);
    }

    @Override
    public NodeType type() {
        return NodeType.SUB_PROCESS;
    }
}
