package io.ticketflow.contracts.flow;

import java.time.Instant;
import java.util.List;

/**
 * Compacted on {@code ticketflow.flow-definitions} (key flowId): what ticket-service needs to open tickets on the
 * latest published version without reading flow-service's database.
 *
 * @param owner who created the flow: told about incidents on its tickets
 */
public record PublishedFlow(String flowId, String key, String name, int version, Instant publishedAt,
                            String startNodeId, List<FormField> startForm, boolean startVerification,
                            String owner) {

    public PublishedFlow(String flowId, String key, String name, int version, Instant publishedAt,
                         String startNodeId, List<FormField> startForm, boolean startVerification) {
        this(flowId, key, name, version, publishedAt, startNodeId, startForm, startVerification, null);
    }
}
