package io.ticketflow.ticket.query;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.event.RecordedEvent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One row of a ticket's history: the event's envelope flattened, its own fields under {@code details}. */
public record HistoryEntry(long seq, String type, Instant at, String actor, String nodeId, String dataId,
                           String commandId, Map<String, Object> details) {

    @SuppressWarnings("unchecked")
    public static HistoryEntry of(RecordedEvent recorded) {
        var event = recorded.event();
        Map<String, Object> details = new LinkedHashMap<>(Json.MAPPER.convertValue(event, Map.class));
        details.remove("type");
        details.remove("nodeId");
        details.remove("dataId");
        // the one-time start verification token is for its opener's inbox only
        details.remove("token");
        // a work item's form and timing are the diagram's, not something that happened (see the work item)
        details.remove("details");
        return new HistoryEntry(recorded.seq(), event.type(), recorded.at(), recorded.actor(), event.nodeId(),
                event.dataId(), recorded.commandId(), details);
    }
}
