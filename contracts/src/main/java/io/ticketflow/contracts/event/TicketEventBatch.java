package io.ticketflow.contracts.event;

import java.util.List;

/** One message on {@code ticketflow.ticket-events}: the events one decision appended, in order. */
public record TicketEventBatch(String ticketId, String flowId, int flowVersion, List<RecordedEvent> events) {

    public long lastSeq() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).seq();
    }

    /** The batch opens the ticket's history (its first event is the ticket's first): readers may take it as new. */
    public boolean beginsHistory() {
        return !events.isEmpty() && events.get(0) != null && events.get(0).seq() == 1
                && events.get(0).event() instanceof TicketCreated;
    }
}
