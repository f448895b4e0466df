package io.ticketflow.gateway.command;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.command.CommandReply;
import io.ticketflow.contracts.command.CreateTicket;
import io.ticketflow.contracts.command.TicketCommand;
import io.ticketflow.gateway.auth.Caller;
import io.ticketflow.gateway.reliability.Answer;
import io.ticketflow.gateway.reliability.Idempotency;
import io.ticketflow.gateway.reliability.WriteGuards;
import io.ticketflow.gateway.routing.ServiceCalls;
import io.ticketflow.gateway.web.FormBodies;
import io.ticketflow.gateway.web.JsonBodies;
import io.ticketflow.gateway.web.LimitProperties;
import io.ticketflow.platform.messaging.TicketIds;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The ticket writes: validate, publish as a command, answer from its reply (or 202 when it is late). */
@Component
public class CommandHandler {

    public static final String COMMAND_ID_HEADER = "X-Command-Id";
    public static final String TICKET_PART = "ticket";
    public static final String FILES_PART = "files";

    private final CommandDispatcher dispatcher;
    private final ReplyRegistry registry;
    private final ServiceCalls calls;
    private final Idempotency idempotency;
    private final WriteGuards guards;
    private final int maxTicketBytes;

    public CommandHandler(CommandDispatcher dispatcher, ReplyRegistry registry, ServiceCalls calls,
                          LimitProperties limits, Idempotency idempotency, WriteGuards guards) {
        this.dispatcher = dispatcher;
        this.registry = registry;
        this.calls = calls;
        this.idempotency = idempotency;
        this.guards = guards;
        this.maxTicketBytes = (int) Math.min(Integer.MAX_VALUE, limits.maxBodySize().toBytes());
    }

    /**
     * {@code POST /api/v1/tickets}: a JSON body, or multipart with a part {@code ticket} (that JSON) and parts
     * {@code files}. The files go to ticket-service first, under the id the gateway assigns; the command then names
     * them, so binary content never travels on Kafka. With an {@code Idempotency-Key} the ticket id and command id
     * are derived from the key, so a repeated create can never open a second ticket.
     */
    public Mono<ServerResponse> create(ServerRequest request) {
        Caller caller = Caller.of(request);
        String replyWhen = CommandRequests.replyWhen(request.queryParam("wait").orElse(null));
        String key = Idempotency.key(request);
        if (FormBodies.isMultipart(request)) {
            return Mono.usingWhen(FormBodies.multipart(request),
                    parts -> createWithFiles(request, parts, caller, replyWhen, key),
                    FormBodies::delete);
        }
        return JsonBodies.bytes(request).flatMap(bytes -> {
            JsonNode body = JsonBodies.parseObject(bytes);
            CreateTicket command = CommandRequests.createTicket(body);
            guards.checkData(body);
            return idempotency.run(caller.principal(), key, fingerprint(request, caller, bytes), CommandHandler::freshIds,
                    ids -> created(ids, caller, replyWhen, command));
        });
    }

    private Mono<ServerResponse> createWithFiles(ServerRequest request, MultiValueMap<String, Part> parts,
                                                 Caller caller, String replyWhen, String key) {
        Part ticket = parts.getFirst(TICKET_PART);
        if (ticket == null) {
            return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "A multipart create needs a part '"
                    + TICKET_PART + "' with the ticket JSON {flowId, name, description, data}"));
        }
        List<FilePart> files = FormBodies.files(parts, FILES_PART);
        return FormBodies.text(ticket, maxTicketBytes).flatMap(json -> {
            JsonNode body = JsonBodies.parseObject(json.getBytes(StandardCharsets.UTF_8));
            CreateTicket command = CommandRequests.createTicket(body);
            guards.checkData(body);
            // The multipart boundary changes between attempts: fingerprint the ticket JSON and the file names.
            StringBuilder stand = new StringBuilder(json);
            files.forEach(file -> stand.append('\n').append(file.filename()));
            return idempotency.run(caller.principal(), key,
                    fingerprint(request, caller, stand.toString().getBytes(StandardCharsets.UTF_8)),
                    CommandHandler::freshIds,
                    ids -> calls.uploadAttachments(ids.ticketId(), caller, files)
                            .flatMap(attachments -> created(ids, caller, replyWhen,
                                    CommandRequests.withAttachments(command, attachments))));
        });
    }

    private Mono<Answer> created(Idempotency.Ids ids, Caller caller, String replyWhen, CreateTicket command) {
        String ticketId = ids.ticketId();
        return dispatcher.dispatch(CommandRequests.envelope(ids.commandId(), ticketId, caller, replyWhen, command))
                .map(outcome -> {
                    if (outcome instanceof CommandOutcome.Replied replied && replied.reply().ok()) {
                        Object result = replied.reply().result() != null ? replied.reply().result()
                                : Map.of("ticketId", ticketId);
                        Map<String, String> headers = new LinkedHashMap<>();
                        headers.put(HttpHeaders.LOCATION, "/api/v1/tickets/" + ticketId);
                        headers.put(COMMAND_ID_HEADER, outcome.commandId());
                        return Answer.of(201, headers, MediaType.APPLICATION_JSON, result);
                    }
                    return answer(outcome);
                });
    }

    private static Idempotency.Ids freshIds() {
        return new Idempotency.Ids(CommandIds.next(), TicketIds.next());
    }

    /** Method and path, the acting user (a key reused for someone else is a different request) and the body. */
    private static String fingerprint(ServerRequest request, Caller caller, byte[] body) {
        return Idempotency.fingerprint(request.method().name(), request.path() + " as " + caller.actor(), body);
    }

    /** {@code POST /api/v1/tickets/{ticketId}/verify {"token"}}: opens a ticket waiting for start verification. */
    public Mono<ServerResponse> verify(ServerRequest request) {
        return ticketCommand(request, CommandRequests::verify);
    }

    public Mono<ServerResponse> submit(ServerRequest request) {
        return ticketCommand(request, body -> CommandRequests.submit(request.pathVariable("nodeId"), body));
    }

    public Mono<ServerResponse> close(ServerRequest request) {
        return ticketCommand(request, CommandRequests::close);
    }

    public Mono<ServerResponse> retry(ServerRequest request) {
        return ticketCommand(request, body -> CommandRequests.retry(request.pathVariable("nodeId"), body));
    }

    public Mono<ServerResponse> reassign(ServerRequest request) {
        return ticketCommand(request, body -> CommandRequests.reassign(request.pathVariable("nodeId"), body));
    }

    public Mono<ServerResponse> claim(ServerRequest request) {
        return ticketCommand(request, body -> CommandRequests.claim(request.pathVariable("nodeId"), body));
    }

    public Mono<ServerResponse> unclaim(ServerRequest request) {
        return ticketCommand(request, body -> CommandRequests.unclaim(request.pathVariable("nodeId"), body));
    }

    public Mono<ServerResponse> returnTo(ServerRequest request) {
        return ticketCommand(request, body -> CommandRequests.returnTo(request.pathVariable("nodeId"), body));
    }

    public Mono<ServerResponse> delegate(ServerRequest request) {
        return ticketCommand(request, body -> CommandRequests.delegate(request.pathVariable("nodeId"), body));
    }

    public Mono<ServerResponse> addSigners(ServerRequest request) {
        return ticketCommand(request, body -> CommandRequests.addSigners(request.pathVariable("nodeId"), body));
    }

    public Mono<ServerResponse> removeSigners(ServerRequest request) {
        return ticketCommand(request, body -> CommandRequests.removeSigners(request.pathVariable("nodeId"), body));
    }

    public Mono<ServerResponse> updateVariables(ServerRequest request) {
        return ticketCommand(request, CommandRequests::updateVariables);
    }

    public Mono<ServerResponse> status(ServerRequest request) {
        String commandId = request.pathVariable("commandId");
        ReplyRegistry.Status status = registry.status(commandId);
        if (status instanceof ReplyRegistry.Status.Known known) {
            return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(known.reply());
        }
        if (status instanceof ReplyRegistry.Status.Pending) {
            return pending(commandId);
        }
        return Mono.error(new ApiException(ErrorCode.COMMAND_NOT_FOUND,
                "No command '" + commandId + "' is known here; replies are kept for a limited time"));
    }

    private Mono<ServerResponse> ticketCommand(ServerRequest request, Function<JsonNode, TicketCommand> mapping) {
        String ticketId = CommandRequests.requireTicketId(request.pathVariable("ticketId"));
        Caller caller = Caller.of(request);
        String replyWhen = CommandRequests.replyWhen(request.queryParam("wait").orElse(null));
        String key = Idempotency.key(request);
        String ifMatch = request.headers().firstHeader(HttpHeaders.IF_MATCH);
        return JsonBodies.bytes(request).flatMap(bytes -> {
            JsonNode body = JsonBodies.parseObject(bytes);
            TicketCommand command = mapping.apply(body);
            guards.checkData(body);
            Long expectedVersion = WriteGuards.expectedVersion(body, ifMatch);
            return idempotency.run(caller.principal(), key, fingerprint(request, caller, bytes),
                    CommandHandler::freshIds,
                    ids -> dispatcher.dispatch(CommandRequests.envelope(ids.commandId(), ticketId, caller, replyWhen,
                            command, expectedVersion)).map(CommandHandler::answer));
        });
    }

    private static Answer answer(CommandOutcome outcome) {
        if (!(outcome instanceof CommandOutcome.Replied replied)) {
            return pendingAnswer(outcome.commandId());
        }
        CommandReply reply = replied.reply();
        if (!reply.ok()) {
            return rejected(reply);
        }
        return Answer.of(200, Map.of(COMMAND_ID_HEADER, reply.commandId()), MediaType.APPLICATION_JSON,
                reply.result() != null ? reply.result() : Map.of());
    }

    static Answer rejected(CommandReply reply) {
        ProblemDetail problem = Problems.problem(ErrorCode.parse(reply.code()), reply.message());
        if (reply.code() != null && !reply.code().isBlank()) {
            // Keep the service's own code even when this gateway does not know it yet; the status falls back to 500.
            problem.setProperty("code", reply.code());
        }
        problem.setProperty("commandId", reply.commandId());
        return Answer.problem(problem, Map.of(COMMAND_ID_HEADER, reply.commandId()));
    }

    private static Answer pendingAnswer(String commandId) {
        String href = "/api/v1/commands/" + commandId;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("commandId", commandId);
        body.put("status", "PENDING");
        body.put("href", href);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HttpHeaders.LOCATION, href);
        headers.put(COMMAND_ID_HEADER, commandId);
        return Answer.of(202, headers, MediaType.APPLICATION_JSON, body);
    }

    private static Mono<ServerResponse> pending(String commandId) {
        return pendingAnswer(commandId).render(false);
    }
}
