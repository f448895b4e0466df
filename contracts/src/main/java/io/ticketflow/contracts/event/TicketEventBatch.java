package io.ticketflow.contracts.event;

import java.util.List;

/** One message on {@code ticketflow.ticket-events}: the events one decision appended, in order. */
public record TicketEventBatch(String ticketId, String flowId, int flowVersion, List<RecordedEvent> events) {

    public long lastSeq() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).seq();
    }
}
