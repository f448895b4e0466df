package io.ticketflow.gateway.omflow;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Principals;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.contracts.command.CommandReply;
import io.ticketflow.contracts.command.CreateTicket;
import io.ticketflow.contracts.command.SubmitWorkItem;
import io.ticketflow.contracts.command.TicketCommand;
import io.ticketflow.gateway.auth.Caller;
import io.ticketflow.gateway.command.CommandDispatcher;
import io.ticketflow.gateway.command.CommandIds;
import io.ticketflow.gateway.command.CommandOutcome;
import io.ticketflow.gateway.command.CommandProperties;
import io.ticketflow.gateway.command.CommandRequests;
import io.ticketflow.gateway.omflow.OmflowProtocol.Action;
import io.ticketflow.gateway.routing.OwningService;
import io.ticketflow.gateway.routing.ServiceCalls;
import io.ticketflow.gateway.reliability.Answer;
import io.ticketflow.gateway.reliability.Idempotency;
import io.ticketflow.gateway.reliability.RateLimits;
import io.ticketflow.gateway.reliability.WriteGuards;
import io.ticketflow.gateway.web.FormBodies;
import io.ticketflow.gateway.web.GatewayProblem;
import io.ticketflow.gateway.web.RateLimitedException;
import io.ticketflow.gateway.web.LimitProperties;
import io.ticketflow.platform.messaging.TicketIds;
import io.ticketflow.platform.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code POST /omflow/api/{flowId}}: the OMFLOW REST API of seed 003 on top of ticketflow. No API key: the form's
 * {@code security} code is the credential, and a valid one acts as the flow's integration principal
 * ({@link Principals#flowIntegration}, role INTEGRATION). Every outcome is HTTP 200 with the seed's JSON body;
 * failures carry {@code "status":"404"} and an {@code error} saying why. Nothing about tickets is looked up before
 * the code has been found valid for this flow, and a ticket of another flow reads exactly like a missing one.
 */
@Component
public class OmflowHandler {

    static final MediaType JSON_UTF8 = MediaType.parseMediaType("application/json;charset=UTF-8");
    private static final Logger log = LoggerFactory.getLogger(OmflowHandler.class);

    /** The form: its fields (first value of each) and its {@code files} parts. */
    record Form(Map<String, String> fields, List<FilePart> files) {
        String field(String name) {
            return fields.get(name);
        }
    }

    /** A failure whose {@code error} text is already made (a rejected command keeps the service's code). */
    static final class Failure extends RuntimeException {
        private final boolean transientFailure;

        Failure(String error) {
            this(error, false);
        }

        /** @param transientFailure the command may still be applied (no reply in time): never stored as final */
        Failure(String error, boolean transientFailure) {
            super(error, null, false, false);
            this.transientFailure = transientFailure;
        }
    }

    private final SecurityCodes codes;
    private final Idempotency idempotency;
    private final RateLimits rateLimits;
    private final WriteGuards guards;
    private final CommandDispatcher dispatcher;
    private final ServiceCalls services;
    private final Duration replyTimeout;
    private final int maxFieldBytes;

    public OmflowHandler(SecurityCodes codes, CommandDispatcher dispatcher, ServiceCalls services,
                         CommandProperties commands, LimitProperties limits, Idempotency idempotency,
                         RateLimits rateLimits, WriteGuards guards) {
        this.codes = codes;
        this.idempotency = idempotency;
        this.rateLimits = rateLimits;
        this.guards = guards;
        this.dispatcher = dispatcher;
        this.services = services;
        this.replyTimeout = commands.replyTimeout();
        this.maxFieldBytes = (int) Math.min(Integer.MAX_VALUE, limits.maxBodySize().toBytes());
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        String flowId = request.pathVariable("flowId");
        AtomicReference<Action> action = new AtomicReference<>();
        Mono<ServerResponse> answer;
        if (FormBodies.isMultipart(request)) {
            answer = Mono.usingWhen(FormBodies.multipart(request),
                    parts -> form(parts).flatMap(form -> process(request, flowId, form, action)),
                    FormBodies::delete);
        } else if (FormBodies.isUrlEncoded(request)) {
            answer = FormBodies.urlEncoded(request)
                    .map(form -> new Form(form.toSingleValueMap(), List.of()))
                    .flatMap(form -> process(request, flowId, form, action));
        } else {
            answer = Mono.error(new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Send the fields as application/x-www-form-urlencoded or multipart/form-data"));
        }
        return answer.onErrorResume(error -> {
            Map<String, Object> body = OmflowProtocol.failure(action.get(), describe(flowId, error));
            if (error instanceof RateLimitedException limited) {
                // The one answer that is not HTTP 200: clients and proxies must see that they should back off.
                return ServerResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                        .header(HttpHeaders.RETRY_AFTER, limited.retryAfterSeconds())
                        .contentType(JSON_UTF8).bodyValue(Json.write(body));
            }
            return ServerResponse.ok().contentType(JSON_UTF8).bodyValue(Json.write(body));
        });
    }

    private Mono<Form> form(MultiValueMap<String, Part> parts) {
        List<FilePart> files = FormBodies.files(parts, OmflowProtocol.FILES);
        return Flux.fromIterable(parts.entrySet())
                .filter(entry -> !entry.getKey().equals(OmflowProtocol.FILES) && !entry.getValue().isEmpty())
                .concatMap(entry -> FormBodies.text(entry.getValue().get(0), maxFieldBytes)
                        .map(text -> Map.entry(entry.getKey(), text)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new)
                .map(fields -> new Form(fields, files));
    }

    private Mono<ServerResponse> process(ServerRequest request, String flowId, Form form,
                                         AtomicReference<Action> action) {
        Action requested = Action.parse(form.field(OmflowProtocol.ACTION));
        action.set(requested);
        return codes.admitted(flowId, form.field(OmflowProtocol.SECURITY)).flatMap(admitted -> {
            if (admitted.isEmpty()) {
                return Mono.error(new ApiException(ErrorCode.UNAUTHORIZED,
                        "The security code is not a valid code of this flow (unknown, revoked or another flow's)"));
            }
            String codeId = admitted.get().id();
            rateLimits.acquire(RateLimits.forSecurityCode(codeId));
            OmflowProtocol.requireRestApi(form.field(OmflowProtocol.RESTAPI));
            if (requested == null) {
                return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED,
                        "action must be create, search or push"));
            }
            if (requested == Action.SEARCH) {
                return search(flowId, form).flatMap(OmflowHandler::ok);
            }
            // create and push are writes: an Idempotency-Key is remembered per security code
            String key = Idempotency.key(request);
            return idempotency.run("securityCode:" + codeId, key, fingerprint(request, form),
                    () -> new Idempotency.Ids(CommandIds.next(), TicketIds.next()),
                    ids -> (requested == Action.CREATE ? create(flowId, form, ids) : push(flowId, form, ids))
                            .map(body -> Answer.of(200, Map.of(), JSON_UTF8, body))
                            .onErrorResume(error -> Mono.just(failureAnswer(flowId, requested, error))));
        });
    }

    private static Mono<ServerResponse> ok(Map<String, Object> body) {
        return ServerResponse.ok().contentType(JSON_UTF8).bodyValue(Json.write(body));
    }

    /** A failure in the OMFLOW shape, stored under the key unless it may still turn out applied (or is ours). */
    private static Answer failureAnswer(String flowId, Action action, Throwable error) {
        Answer answer = Answer.of(200, Map.of(), JSON_UTF8, OmflowProtocol.failure(action, describe(flowId, error)));
        boolean transientFailure = error instanceof Failure failure ? failure.transientFailure
                : !(error instanceof ApiException api) || api.code().status() >= 500;
        return transientFailure ? answer.transientAnswer() : answer;
    }

    /** Every field but the security code (and the file names): the same form under the same key is a repeat. */
    private static String fingerprint(ServerRequest request, Form form) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(form.fields()).forEach((name, value) -> {
            if (!OmflowProtocol.SECURITY.equals(name)) {
                text.append(name).append('=').append(value).append('\n');
            }
        });
        form.files().forEach(file -> text.append("file=").append(file.filename()).append('\n'));
        return Idempotency.fingerprint(request.method().name(), request.path(),
                text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** 開單: files first (under the id assigned here), then CreateTicket; result is the data_no, or "" when verified later. */
    private Mono<Map<String, Object>> create(String flowId, Form form, Idempotency.Ids ids) {
        Map<String, Object> data = OmflowProtocol.formdata(form.field(OmflowProtocol.FORMDATA));
        guards.checkData(data);
        String user = OmflowProtocol.user(form.field(OmflowProtocol.USER));
        Caller integration = integration(flowId);
        // Opening in a user's name is acting for that user: the user's rights, as for any key (AccessPolicy.admit).
        Caller opener = user == null ? integration : new Caller(integration.principal(), ActorRole.USER, user);
        String ticketId = ids.ticketId();
        return services.uploadAttachments(ticketId, opener, form.files())
                .flatMap(attachments -> send(flowId, ticketId, opener, ids.commandId(), new CreateTicket(flowId,
                        form.field(OmflowProtocol.NAME), form.field(OmflowProtocol.DESCRIPTION), data, attachments)))
                .map(reply -> {
                    JsonNode ticket = Json.MAPPER.valueToTree(reply.result());
                    boolean pending = ticket != null && "PENDING_VERIFICATION".equals(ticket.path("status").asString());
                    return OmflowProtocol.success(Action.CREATE, pending ? "" : ticketId);
                });
    }

    /** 查詢: the ticket's work items as {@code [{"data_id","stop_chart_text"}]}. */
    private Mono<Map<String, Object>> search(String flowId, Form form) {
        String ticketId = OmflowProtocol.ticketId(form.field(OmflowProtocol.DATA_NO));
        return ticketOfFlow(flowId, ticketId)
                .map(ticket -> OmflowProtocol.success(Action.SEARCH, OmflowProtocol.stops(ticket)));
    }

    /**
     * 推單: SubmitWorkItem by data_id alone, as the flow's integration (ticket-service checks required fields). The
     * node's form may carry files, as a create's does: they are uploaded for the ticket first (once it is known to
     * be this flow's) and named by the submit.
     */
    private Mono<Map<String, Object>> push(String flowId, Form form, Idempotency.Ids ids) {
        String dataId = form.field(OmflowProtocol.DATA_ID) == null ? "" : form.field(OmflowProtocol.DATA_ID).strip();
        String ticketId = OmflowProtocol.ticketIdOfDataId(dataId);
        Map<String, Object> data = OmflowProtocol.formdata(form.field(OmflowProtocol.FORMDATA));
        guards.checkData(data);
        Caller integration = integration(flowId);
        return ticketOfFlow(flowId, ticketId)
                .then(Mono.defer(() -> services.uploadAttachments(ticketId, integration, form.files())))
                .flatMap(attachments -> send(flowId, ticketId, integration, ids.commandId(),
                        new SubmitWorkItem(null, dataId, data, attachments)))
                .map(reply -> OmflowProtocol.success(Action.PUSH, ""));
    }

    /** The ticket, when it exists and belongs to this flow; otherwise the same TICKET_NOT_FOUND either way. */
    private Mono<JsonNode> ticketOfFlow(String flowId, String ticketId) {
        return services.get(OwningService.TICKETS, integration(flowId), "/api/v1/tickets/{ticketId}", ticketId)
                .map(answer -> {
                    if (answer.ok()) {
                        JsonNode ticket = answer.json();
                        if (flowId.equals(ticket.path("flowId").asString())) {
                            return ticket;
                        }
                    } else if (answer.status() != 404) {
                        throw answer.problem();
                    }
                    throw new ApiException(ErrorCode.TICKET_NOT_FOUND, "No ticket '" + ticketId + "' on this flow");
                });
    }

    /**
     * Sends the command and waits until the flow has settled, so a search right after a create or a push shows
     * where the ticket now stands. Answers the accepted reply; a rejection is a {@link Failure} with its code.
     */
    private Mono<CommandReply> send(String flowId, String ticketId, Caller caller, String commandId,
                                    TicketCommand command) {
        CommandEnvelope envelope = CommandRequests.envelope(commandId, ticketId, caller,
                CommandEnvelope.SETTLED, command);
        return dispatcher.dispatch(envelope).flatMap(outcome -> {
            if (outcome instanceof CommandOutcome.Replied replied) {
                CommandReply reply = replied.reply();
                if (!reply.ok()) {
                    return Mono.error(new Failure(OmflowProtocol.error(reply.code(), reply.message())));
                }
                return Mono.just(reply);
            }
            return late(flowId, ticketId, outcome.commandId());
        });
    }

    /**
     * No reply in time (a settled answer waits for automatic nodes too): the command may well have been applied,
     * and the ticket's history says so by its commandId. Only when it does not is this a failure.
     */
    private Mono<CommandReply> late(String flowId, String ticketId, String commandId) {
        Failure timeout = new Failure(OmflowProtocol.error(ErrorCode.SERVICE_UNAVAILABLE.name(),
                "No answer within " + replyTimeout.toSeconds() + "s to command " + commandId + " on ticket "
                        + ticketId + "; it may still be applied: search for data_no " + ticketId + " later"), true);
        return services.get(OwningService.TICKETS, integration(flowId), "/api/v1/tickets/{ticketId}/history", ticketId)
                .flatMap(answer -> {
                    if (!answer.ok()) {
                        return Mono.<CommandReply>error(timeout);
                    }
                    String type = null;
                    for (JsonNode entry : answer.json()) {
                        if (commandId.equals(entry.path("commandId").asString(""))) {
                            type = entry.path("type").asString();
                            break;
                        }
                    }
                    if (type == null) {
                        return Mono.<CommandReply>error(timeout);
                    }
                    String status = "TicketVerificationRequested".equals(type) ? "PENDING_VERIFICATION" : "RUNNING";
                    return Mono.just(CommandReply.ok(commandId, "applied; the settled answer came late",
                            Map.of("ticketId", ticketId, "status", status)));
                })
                .onErrorMap(e -> !(e instanceof Failure), e -> timeout);
    }

    private static Caller integration(String flowId) {
        String principal = Principals.flowIntegration(flowId);
        return new Caller(principal, ActorRole.INTEGRATION, principal);
    }

    private static String describe(String flowId, Throwable error) {
        if (error instanceof Failure failure) {
            log.debug("OMFLOW call on flow {} failed: {}", flowId, failure.getMessage());
            return failure.getMessage();
        }
        if (error instanceof GatewayProblem own) {
            return OmflowProtocol.error(own.codeName(), own.getMessage());
        }
        if (error instanceof ApiException api) {
            log.debug("OMFLOW call on flow {} refused: {} {}", flowId, api.code(), api.getMessage());
            return OmflowProtocol.error(api);
        }
        log.error("OMFLOW call on flow {} failed unexpectedly", flowId, error);
        return OmflowProtocol.error(ErrorCode.INTERNAL_ERROR.name(), "Unexpected error; see the gateway log");
    }
}
