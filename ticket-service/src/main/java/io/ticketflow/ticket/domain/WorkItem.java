package io.ticketflow.ticket.domain;

import io.ticketflow.contracts.flow.TaskDetails;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One place where a ticket stands: a token waiting at a human node, or an automatic node with an incident.
 *
 * @param failure         the incident ({@code reason} plus details) when {@code state} is FAILED, else null
 * @param candidateGroups groups whose members may act too, membership read when they act; never null
 * @param claimedBy       who claimed it; while set only they may act as a person; null when unclaimed
 * @param details         the task's form and timing as its diagram says them; null when it says nothing
 * @param delegatedBy     while the item is delegated (委托): its owner, who gets it back once the delegate (then
 *                        {@code claimedBy}) resolves it; null otherwise
 * @param signing         added signers (加签) and who of them signed; null when none were added
 * @param assignee        the task's assignee as resolved when it was activated (shown, not used to decide:
 *                        {@code handlers} decides); null when it names none
 * @param candidateUsers  the task's candidate users as resolved; never null
 */
public record WorkItem(String dataId, String nodeId, String nodeName, WorkItemState state, List<String> handlers,
                       List<String> requiredFields, Instant since, Map<String, Object> failure,
                       List<String> candidateGroups, String claimedBy, TaskDetails details, String delegatedBy,
                       Signing signing, String assignee, List<String> candidateUsers) {

    public WorkItem {
        // stored before groups existed: none
        candidateGroups = candidateGroups == null ? List.of() : List.copyOf(candidateGroups);
        candidateUsers = candidateUsers == null ? List.of() : List.copyOf(candidateUsers);
    }

    public WorkItem(String dataId, String nodeId, String nodeName, WorkItemState state, List<String> handlers,
                    List<String> requiredFields, Instant since, Map<String, Object> failure,
                    List<String> candidateGroups, String claimedBy, TaskDetails details, String delegatedBy,
                    Signing signing) {
        this(dataId, nodeId, nodeName, state, handlers, requiredFields, since, failure, candidateGroups, claimedBy,
                details, delegatedBy, signing, null, List.of());
    }

    public WorkItem(String dataId, String nodeId, String nodeName, WorkItemState state, List<String> handlers,
                    List<String> requiredFields, Instant since, Map<String, Object> failure,
                    List<String> candidateGroups, String claimedBy, TaskDetails details) {
        this(dataId, nodeId, nodeName, state, handlers, requiredFields, since, failure, candidateGroups, claimedBy,
                details, null, null);
    }

    public WorkItem(String dataId, String nodeId, String nodeName, WorkItemState state, List<String> handlers,
                    List<String> requiredFields, Instant since, Map<String, Object> failure) {
        this(dataId, nodeId, nodeName, state, handlers, requiredFields, since, failure, List.of(), null, null);
    }

    public WorkItem(String dataId, String nodeId, String nodeName, WorkItemState state, List<String> handlers,
                    List<String> requiredFields, Instant since, Map<String, Object> failure,
                    List<String> candidateGroups) {
        this(dataId, nodeId, nodeName, state, handlers, requiredFields, since, failure, candidateGroups, null, null);
    }

    public enum WorkItemState {
        WAITING, FAILED
    }

    public boolean isHandler(String user) {
        return handlers != null && handlers.contains(user);
    }

    /** A waiting item naming no handler and no group: any user may act (抢单). */
    public boolean open() {
        return state == WorkItemState.WAITING && (handlers == null || handlers.isEmpty()) && candidateGroups.isEmpty();
    }

    /**
     * Whether {@code user}, who belongs to {@code userGroups} now, may act on this item as a person: its claimer
     * while it is claimed, else a handler, a member of a candidate group, or anyone when it is open. While added
     * signers (加签) sign, only those whose turn it is.
     */
    public boolean mayAct(String user, Set<String> userGroups) {
        if (user == null) {
            return false;
        }
        if (signing != null) {
            return signing.due().contains(user);
        }
        if (claimedBy != null) {
            return claimedBy.equals(user);
        }
        return isHandler(user) || open() || candidateGroups.stream().anyMatch(userGroups::contains);
    }

    public WorkItem claimed(String user) {
        return new WorkItem(dataId, nodeId, nodeName, state, handlers, requiredFields, since, failure,
                candidateGroups, user, details, delegatedBy, signing, assignee, candidateUsers);
    }

    /** 委托: the delegate holds it (as its claimer) until they resolve it; then the owner holds it. */
    public WorkItem delegated(String owner, String delegate) {
        return new WorkItem(dataId, nodeId, nodeName, state, handlers, requiredFields, since, failure,
                candidateGroups, delegate, details, owner, signing, assignee, candidateUsers);
    }

    /** Resolved by the delegate: back with its owner, who alone submits it. */
    public WorkItem resolved() {
        return new WorkItem(dataId, nodeId, nodeName, state, handlers, requiredFields, since, failure,
                candidateGroups, delegatedBy, details, null, signing, assignee, candidateUsers);
    }

    /** The same item with its signing (加签) changed; null ends it. */
    public WorkItem withSigning(Signing newSigning) {
        return new WorkItem(dataId, nodeId, nodeName, state, handlers, requiredFields, since, failure,
                candidateGroups, claimedBy, details, delegatedBy, newSigning, assignee, candidateUsers);
    }

    /** Reassigned: exactly these users from now on, no groups. */
    public WorkItem withHandlers(List<String> newHandlers) {
        return new WorkItem(dataId, nodeId, nodeName, state, List.copyOf(newHandlers), requiredFields, since, failure,
                List.of(), null, details);
    }
}
