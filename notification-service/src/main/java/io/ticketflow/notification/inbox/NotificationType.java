package io.ticketflow.notification.inbox;

public enum NotificationType {
    /** A work item now waits for you. */
    WORK_ITEM_ASSIGNED,
    /** A work item was reassigned and you are one of its new handlers. */
    WORK_ITEM_REASSIGNED_TO_YOU,
    /** A work item you handled was reassigned to others. */
    WORK_ITEM_REASSIGNED_AWAY,
    /**
     * A work item waiting for you was withdrawn without your action: a countersign (会签/或签) settled by the others,
     * a terminate end event, or the ticket was closed.
     */
    WORK_ITEM_CANCELLED,
    /** Someone delegated a work item to you (委托): work it, and your submit gives it back to them. */
    WORK_ITEM_DELEGATED_TO_YOU,
    /** The user you delegated a work item to has worked it: it is back with you to submit. */
    WORK_ITEM_RESOLVED,
    /** 驳回: a ticket you opened was sent back to an earlier step (the reason is in its history). */
    WORK_ITEM_RETURNED,
    /** 加签: someone asks you to sign a work item too (before them, after them, or beside them). */
    SIGNATURE_REQUESTED,
    /** A ticket you created reached its end. */
    TICKET_COMPLETED,
    /** A ticket you created was force-closed. */
    TICKET_CLOSED,
    /** An automatic node of a ticket you created, or of a flow you own, failed and waits for a retry. */
    INCIDENT,
    /** A ticket you opened waits for you to confirm it with the one-time token in this notification. */
    START_VERIFICATION
}
