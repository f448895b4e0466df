package io.ticketflow.contracts.flow;

import java.time.Instant;
import java.util.List;

/**
 * Compacted on {@code ticketflow.flow-definitions} (key flowId): what ticket-service needs to open tickets on the
 * latest published version without reading flow-service's database. Announced again, same version, whenever the
 * flow's owners change.
 *
 * @param owner  who created the flow: told about incidents on its tickets
 * @param owners    who may design the flow and read all its tickets (the creator unless an admin changed them);
 *                  null from producers that predate ownership, meaning just {@code owner}
 * @param initiator the variable the start event's {@code camunda:initiator} names: set to the ticket's opener when
 *                  the ticket opens; null when none
 * @param eventStarts the ids of the version's timer and message start events, where a ticket a timer or a message
 *                  opens starts ({@code CreateTicket.startEventId}); null or empty when none
 */
public record PublishedFlow(String flowId, String key, String name, int version, Instant publishedAt,
                            String startNodeId, List<FormField> startForm, boolean startVerification,
                            String owner, List<String> owners, String initiator, List<String> eventStarts) {

    public PublishedFlow(String flowId, String key, String name, int version, Instant publishedAt,
                         String startNodeId, List<FormField> startForm, boolean startVerification,
                         String owner, List<String> owners, String initiator) {
        this(flowId, key, name, version, publishedAt, startNodeId, startForm, startVerification, owner, owners,
                initiator, null);
    }

    public PublishedFlow(String flowId, String key, String name, int version, Instant publishedAt,
                         String startNodeId, List<FormField> startForm, boolean startVerification,
                         String owner, List<String> owners) {
        this(flowId, key, name, version, publishedAt, startNodeId, startForm, startVerification, owner, owners, null);
    }

    public PublishedFlow(String flowId, String key, String name, int version, Instant publishedAt,
                         String startNodeId, List<FormField> startForm, boolean startVerification) {
        this(flowId, key, name, version, publishedAt, startNodeId, startForm, startVerification, null, null);
    }

    public PublishedFlow(String flowId, String key, String name, int version, Instant publishedAt,
                         String startNodeId, List<FormField> startForm, boolean startVerification, String owner) {
        this(flowId, key, name, version, publishedAt, startNodeId, startForm, startVerification, owner, null);
    }

    /** The owners, falling back to the creator for announcements without the list. */
    public List<String> ownersOrCreator() {
        if (owners != null) {
            return owners;
        }
        return owner == null ? List.of() : List.of(owner);
    }
}
