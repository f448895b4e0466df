package io.ticketflow.flow.messages;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.message.CorrelateMessage;
import io.ticketflow.contracts.message.MessageCorrelated;
import io.ticketflow.flow.runtime.FlowRuntime;
import io.ticketflow.flow.starts.EventStarts;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import io.ticketflow.platform.messaging.KeyedSerialExecutor;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.ForwardedIdentity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Messages for tickets waiting at receive tasks and message catch events (issue 12), correlated by ticket id, in
 * the ticket's order like its other messages; a message naming no ticket opens one of the flow whose message start
 * event it is (201). Sent by integrations and admins: a message moves a flow on whatever
 * its handlers are.
 */
@RestController
@RequestMapping("/api/v1/messages")
class MessageController {

    private static final int MAX_NAME = 200;

    private final FlowRuntime runtime;
    private final KeyedSerialExecutor order;
    private final EventStarts starts;
    private final Correlations correlations;

    MessageController(FlowRuntime runtime, KeyedSerialExecutor order, EventStarts starts, Correlations correlations) {
        this.correlations = correlations;
        this.runtime = runtime;
        this.order = order;
        this.starts = starts;
    }

    @PostMapping
    Mono<ResponseEntity<MessageCorrelated>> correlate(@RequestBody(required = false) CorrelateMessage request,
                                      @RequestHeader(name = ForwardedIdentity.ACTOR_HEADER, required = false) String actor,
                                      @RequestHeader(name = ForwardedIdentity.ROLE_HEADER, required = false) String role) {
        if (!ForwardedIdentity.of(actor, role).role().privileged()) {
            return Mono.error(new ApiException(ErrorCode.FORBIDDEN,
                    "Messages are sent by integrations and admins (their keys)"));
        }
        String problem = request == null ? problem(null, null, null)
                : problem(request.name(), request.ticketId(), request.correlationKeys());
        if (problem != null) {
            return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, problem));
        }
        if (request.correlationKeys() != null && !request.correlationKeys().isEmpty()) {
            return correlations.byKeys(request.name(), request.correlationKeys(), request.variables(), actor, null)
                    .flatMap(MessageController::answer);
        }
        if (blank(request.ticketId())) {
            return starts.startByMessage(request.name(), request.variables(), actor, null)
                    .map(started -> ResponseEntity.status(HttpStatus.CREATED).body(new MessageCorrelated(
                            started.ticketId(), started.startEventId(), request.name(), started.flowId())))
                    .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.NO_SUBSCRIPTION, "No ticket is named"
                            + " and no published flow starts on the message '" + request.name() + "'")));
        }
        return order.submit(request.ticketId(),
                        () -> runtime.onMessage(request.ticketId(), request.name(), request.variables()))
                .map(nodeId -> ResponseEntity.ok(new MessageCorrelated(request.ticketId(), nodeId, request.name())))
                .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.NO_SUBSCRIPTION, "Ticket "
                        + request.ticketId() + " has no token waiting for the message '" + request.name() + "'")));
    }

    private static Mono<ResponseEntity<MessageCorrelated>> answer(Correlations.Outcome outcome) {
        if (outcome.refusal() != null) {
            return Mono.error(new ApiException(outcome.refusal(), outcome.reason()));
        }
        return Mono.just(ResponseEntity.status(outcome.opened() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(outcome.answer()));
    }

    /**
     * What is wrong with a message's name, ticket and keys, over HTTP or Kafka; null when nothing. Without a ticket
     * and keys the message opens a ticket of the flow that starts on it.
     */
    static String problem(String name, String ticketId, Map<String, Object> correlationKeys) {
        if (blank(name)) {
            return "a body {name, ticketId? | correlationKeys?, variables?} is required: the message, and the ticket"
                    + " it is for (none: a flow with a message start event for it opens one)";
        }
        if (!blank(ticketId) && correlationKeys != null && !correlationKeys.isEmpty()) {
            return "name the ticket by ticketId or by correlationKeys, not both";
        }
        return name.length() > MAX_NAME ? "name must be at most " + MAX_NAME + " characters" : null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
