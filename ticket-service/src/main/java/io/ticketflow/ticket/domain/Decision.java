package io.ticketflow.ticket.domain;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.event.TicketEvent;

import java.util.List;

/** What a command handler decided: events to append (with the reply's message), or a refusal. */
public sealed interface Decision {

    record Accepted(List<TicketEvent> events, String message) implements Decision {
    }

    record Rejected(ErrorCode code, String message) implements Decision {
    }

    static Decision accept(String message, TicketEvent... events) {
        return new Accepted(List.of(events), message);
    }

    static Decision reject(ErrorCode code, String message) {
        return new Rejected(code, message);
    }
}
