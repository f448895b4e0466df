package io.ticketflow.notification.stream;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.notification.api.Callers;
import io.ticketflow.notification.api.InboxItem;
import io.ticketflow.platform.web.ApiException;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * {@code GET /api/v1/inbox/stream}: the caller's notifications as {@code text/event-stream}; {@code id:} is the
 * notification's position in the caller's inbox, {@code event:} its type, {@code data:} the inbox item. A client
 * resumes with {@code Last-Event-ID} (or {@code ?lastEventId=} where it cannot set headers): everything after that
 * position, then live.
 */
@RestController
class InboxStreamController {

    static final String LAST_EVENT_ID = "Last-Event-ID";

    private final InboxTail tail;

    InboxStreamController(InboxTail tail) {
        this.tail = tail;
    }

    @GetMapping(path = "/api/v1/inbox/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<InboxItem>> stream(@RequestHeader(name = Callers.ACTOR, required = false) String actor,
                                            @RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId,
                                            @RequestParam(name = "lastEventId", required = false) String lastEventIdParam) {
        String user = Callers.actor(actor);
        String resumeFrom = lastEventId != null && !lastEventId.isBlank() ? lastEventId : lastEventIdParam;
        return tail.stream(user, position(resumeFrom));
    }

    static long position(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        try {
            long position = Long.parseLong(lastEventId.trim());
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new ApiException(ErrorCode.VALIDATION_FAILED,
                LAST_EVENT_ID + " must be a position this stream sent (a number), not '" + lastEventId + "'");
    }
}
