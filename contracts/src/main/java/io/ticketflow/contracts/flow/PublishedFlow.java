package io.ticketflow.contracts.flow;

import java.time.Instant;
import java.util.List;

/**
 * Compacted on {@code ticketflow.flow-definitions} (key flowId): what ticket-service needs to open tickets on the
 * latest published version without reading flow-service's database.
 */
public record PublishedFlow(String flowId, String key, String name, int version, Instant publishedAt,
                            String startNodeId, List<FormField> startForm, boolean startVerification) {
}
