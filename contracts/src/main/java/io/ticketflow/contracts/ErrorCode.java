package io.ticketflow.contracts;

/** Machine-readable error codes shared by replies and problem+json answers, with the HTTP status each maps to. */
public enum ErrorCode {
    MALFORMED_REQUEST(400),
    VALIDATION_FAILED(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_A_HANDLER(403),
    TICKET_NOT_FOUND(404),
    FLOW_NOT_FOUND(404),
    NODE_NOT_FOUND(404),
    WORK_ITEM_NOT_FOUND(404),
    COMMAND_NOT_FOUND(404),
    GROUP_NOT_FOUND(404),
    /** No such job, or its work is no longer needed (its ticket moved on, was closed, or the job was completed). */
    JOB_NOT_FOUND(404),
    /** No token of the ticket waits for the message (no receive task or catch event for it is active). */
    NO_SUBSCRIPTION(404),
    /** No decision has that key (or no published version with that number). */
    DECISION_NOT_FOUND(404),
    NOT_FOUND(404),
    NODE_NOT_ACTIVE(409),
    AMBIGUOUS_WORK_ITEM(409),
    /** A message's correlation keys match several waiting tickets. */
    AMBIGUOUS_CORRELATION(409),
    /** The work item is claimed by someone else. */
    ALREADY_CLAIMED(409),
    /** Unclaim of a work item nobody claimed. */
    NOT_CLAIMED(409),
    /** A return (驳回) to a node the work item's token has not passed on its branch. */
    INVALID_RETURN_TARGET(409),
    /** The work item is delegated already; its delegate resolves it first. */
    ALREADY_DELEGATED(409),
    /** An added signer (加签) who signed already cannot be taken off. */
    ALREADY_SIGNED(409),
    /** The work item waits for added signers (加签); it cannot be delegated meanwhile. */
    SIGNING_IN_PROGRESS(409),
    TICKET_CLOSED(409),
    TICKET_COMPLETED(409),
    TICKET_PENDING_VERIFICATION(409),
    VERIFICATION_FAILED(403),
    FLOW_KEY_TAKEN(409),
    TICKET_EXISTS(409),
    NO_DRAFT(409),
    NOT_FAILED(409),
    STALE_VERSION(409),
    /** The job is not locked by this worker (its lock expired and another worker took it, or it never was). */
    JOB_LOCK_LOST(409),
    PAYLOAD_TOO_LARGE(413),
    URI_TOO_LONG(414),
    UNSUPPORTED_MEDIA_TYPE(415),
    REQUIRED_FIELD_MISSING(422),
    INVALID_BPMN(422),
    /** A BPMN problem's code (within INVALID_BPMN's list): an element or event kind ticketflow does not run. */
    UNSUPPORTED_ELEMENT(422),
    /** A DMN document the engine cannot read, or one that uses an expression language other than FEEL. */
    INVALID_DMN(422),
    /** A decision could not be evaluated with the given variables (a FEEL error, a hit policy violated). */
    DECISION_FAILED(422),
    /** An outbound URL (HTTP node, webhook) points where the egress policy refuses to go. */
    EGRESS_DENIED(422),
    /** A flow or webhook tried to set an {@code X-Ticketflow-*} header, which only ticketflow itself sets. */
    IDENTITY_HEADER_FORBIDDEN(422),
    FLOW_NOT_PUBLISHED(422),
    UNKNOWN_COMMAND(422),
    RATE_LIMITED(429),
    REQUEST_HEADERS_TOO_LARGE(431),
    INTERNAL_ERROR(500),
    SERVICE_UNAVAILABLE(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ErrorCode parse(String code) {
        try {
            return code == null ? INTERNAL_ERROR : valueOf(code);
        } catch (IllegalArgumentException unknown) {
            return INTERNAL_ERROR;
        }
    }
}
