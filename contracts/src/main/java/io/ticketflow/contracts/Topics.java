package io.ticketflow.contracts;

/**
 * Kafka topic names. Every topic except {@link #REPLIES}, {@link #FLOW_DEFINITIONS} and {@link #GROUPS} is keyed by
 * ticket id.
 */
public final class Topics {
    /** Public: commands from the gateway and from external producers. */
    public static final String COMMANDS = "ticketflow.commands";
    /** Public: one reply per command, keyed by commandId. */
    public static final String REPLIES = "ticketflow.replies";
    /** Public: unreadable, invalid or unprocessable commands, with the reason in the headers. */
    public static final String COMMANDS_DLQ = "ticketflow.commands.dlq";
    /** Ticket events as ticket-service appended them, one batch per decision. */
    public static final String TICKET_EVENTS = "ticketflow.ticket-events";
    /** flow-service's answers to ticket events: which tokens moved where. */
    public static final String FLOW_PROGRESS = "ticketflow.flow-progress";
    /** Compacted, keyed by flowId: the latest published version of each flow. */
    public static final String FLOW_DEFINITIONS = "ticketflow.flow-definitions";
    /**
     * Compacted, keyed by groupId: each group of the identity directory as it is now ({@code contracts.identity.Group};
     * a deleted group has no members), so services that notify people know who belongs.
     */
    public static final String GROUPS = "ticketflow.groups";
    /** Ticket event batches a consumer could not process, as they came, with the reason in the headers. */
    public static final String TICKET_EVENTS_DLQ = "ticketflow.ticket-events.dlq";
    /** Flow progress ticket-service could not process, with the reason in the headers. */
    public static final String FLOW_PROGRESS_DLQ = "ticketflow.flow-progress.dlq";
    /** Flow announcements a consumer could not process, with the reason in the headers. */
    public static final String FLOW_DEFINITIONS_DLQ = "ticketflow.flow-definitions.dlq";
    /** Group announcements a consumer could not process, with the reason in the headers. */
    public static final String GROUPS_DLQ = "ticketflow.groups.dlq";

    /**
     * Public: jobs for job workers (contracts.job.JobView), keyed by ticket id, with the job's topic in the record
     * header {@code ticketflow-job-topic} (JobView.TOPIC_HEADER): sent when a job is offered and when a failed one is offered again.
     */
    public static final String JOBS = "ticketflow.jobs";
    /** Public: job workers' outcomes (contracts.job.JobCommand), keyed by ticket id; replies on {@link #REPLIES}. */
    public static final String JOB_COMMANDS = "ticketflow.job-commands";
    /** Job commands that could not be read, with the reason in the headers. */
    public static final String JOB_COMMANDS_DLQ = "ticketflow.job-commands.dlq";

    /**
     * Public: messages for tickets waiting at receive tasks, message catch or boundary events
     * (contracts.message.MessageCommand), keyed by ticket id; replies on {@link #REPLIES}.
     */
    public static final String MESSAGE_COMMANDS = "ticketflow.message-commands";
    /** Message commands that could not be read, with the reason in the headers. */
    public static final String MESSAGE_COMMANDS_DLQ = "ticketflow.message-commands.dlq";

    /**
     * Internal, flow-service to itself: a ticket a call activity opened has ended (contracts.flow.CallResult), keyed
     * by the parent ticket id, so the parent moves on in its own order.
     */
    public static final String CALL_RESULTS = "ticketflow.call-results";
    /** Call results that could not be processed, with the reason in the headers. */
    public static final String CALL_RESULTS_DLQ = "ticketflow.call-results.dlq";

    private Topics() {
    }
}
