package io.ticketflow.flow.messages;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.message.CorrelateMessage;
import io.ticketflow.contracts.message.MessageCorrelated;
import io.ticketflow.flow.runtime.FlowRuntime;
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
 * the ticket's order like its other messages. Sent by integrations and admins: a message moves a flow on whatever
 * its handlers are.
 */
@RestController
@RequestMapping("/api/v1/messages")
class MessageController {

    private static final int MAX_NAME = 200;

    private final FlowRuntime runtime;
    private final KeyedSerialExecutor order;

    MessageController(FlowRuntime runtime, KeyedSerialExecutor order) {
        this.runtime = runtime;
        this.order = order;
    }

    @PostMapping
    Mono<MessageCorrelated> correlate(@RequestBody(required = false) CorrelateMessage request,
                                      @RequestHeader(name = ForwardedIdentity.ACTOR_HEADER, required = false) String actor,
                                      @RequestHeader(name = ForwardedIdentity.ROLE_HEADER, required = false) String role) {
        if (!ForwardedIdentity.of(actor, role).role().privileged()) {
            return Mono.error(new ApiException(ErrorCode.FORBIDDEN,
                    "Messages are sent by integrations and admins (their keys)"));
        }
        String problem = request == null ? problem(null, null) : problem(request.name(), request.ticketId());
        if (problem != null) {
            return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, problem));
        }
        return order.submit(request.ticketId(),
                        () -> runtime.onMessage(request.ticketId(), request.name(), request.variables()))
                .map(nodeId -> new MessageCorrelated(request.ticketId(), nodeId, request.name()))
                .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.NO_SUBSCRIPTION, "Ticket "
                        + request.ticketId() + " has no token waiting for the message '" + request.name() + "'")));
    }

    /** What is wrong with a message's name and ticket, over HTTP or Kafka; null when nothing. */
    static String problem(String name, String ticketId) {
        if (blank(name) || blank(ticketId)) {
            return "a body {name, ticketId, variables?} is required: the message and the ticket it is for";
        }
        return name.length() > MAX_NAME ? "name must be at most " + MAX_NAME + " characters" : null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
