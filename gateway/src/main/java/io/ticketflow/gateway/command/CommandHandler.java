package io.ticketflow.gateway.command;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.command.CommandReply;
import io.ticketflow.contracts.command.CreateTicket;
import io.ticketflow.contracts.command.TicketCommand;
import io.ticketflow.gateway.auth.Caller;
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

import java.net.URI;
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
    private final int maxTicketBytes;

    public CommandHandler(CommandDispatcher dispatcher, ReplyRegistry registry, ServiceCalls calls,
                          LimitProperties limits) {
        this.dispatcher = dispatcher;
        this.registry = registry;
        this.calls = calls;
        this.maxTicketBytes = (int) Math.min(Integer.MAX_VALUE, limits.maxBodySize().toBytes());
    }

    /**
     * {@code POST /api/v1/tickets}: a JSON body, or multipart with a part {@code ticket} (that JSON) and parts
     * {@code files}. The files go to ticket-service first, under the id the gateway assigns; the command then names
     * them, so binary content never travels on Kafka.
     */
    public Mono<ServerResponse> create(ServerRequest request) {
        Caller caller = Caller.of(request);
        String replyWhen = CommandRequests.replyWhen(request.queryParam("wait").orElse(null));
        if (FormBodies.isMultipart(request)) {
            return Mono.usingWhen(FormBodies.multipart(request),
                    parts -> createWithFiles(parts, caller, replyWhen),
                    FormBodies::delete);
        }
        return JsonBodies.object(request).map(CommandRequests::createTicket)
                .flatMap(command -> created(TicketIds.next(), caller, replyWhen, command));
    }

    private Mono<ServerResponse> createWithFiles(MultiValueMap<String, Part> parts, Caller caller, String replyWhen) {
        Part ticket = parts.getFirst(TICKET_PART);
        if (ticket == null) {
            return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "A multipart create needs a part '"
                    + TICKET_PART + "' with the ticket JSON {flowId, name, description, data}"));
        }
        List<FilePart> files = FormBodies.files(parts, FILES_PART);
        return FormBodies.text(ticket, maxTicketBytes)
                .map(json -> CommandRequests.createTicket(JsonBodies.parseObject(json.getBytes(StandardCharsets.UTF_8))))
                .flatMap(command -> {
                    String ticketId = TicketIds.next();
                    return calls.uploadAttachments(ticketId, caller, files)
                            .flatMap(ids -> created(ticketId, caller, replyWhen, CommandRequests.withAttachments(command, ids)));
                });
    }

    private Mono<ServerResponse> created(String ticketId, Caller caller, String replyWhen, CreateTicket command) {
        return send(ticketId, caller, replyWhen, command).flatMap(outcome -> {
            if (outcome instanceof CommandOutcome.Replied replied && replied.reply().ok()) {
                Object result = replied.reply().result() != null ? replied.reply().result()
                        : Map.of("ticketId", ticketId);
                return ServerResponse.created(URI.create("/api/v1/tickets/" + ticketId))
                        .header(COMMAND_ID_HEADER, outcome.commandId())
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(result);
            }
            return answer(outcome);
        });
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
        return JsonBodies.object(request).map(mapping)
                .flatMap(command -> send(ticketId, caller, replyWhen, command))
                .flatMap(CommandHandler::answer);
    }

    private Mono<CommandOutcome> send(String ticketId, Caller caller, String replyWhen, TicketCommand command) {
        return dispatcher.dispatch(CommandRequests.envelope(CommandIds.next(), ticketId, caller, replyWhen, command));
    }

    private static Mono<ServerResponse> answer(CommandOutcome outcome) {
        if (!(outcome instanceof CommandOutcome.Replied replied)) {
            return pending(outcome.commandId());
        }
        CommandReply reply = replied.reply();
        if (!reply.ok()) {
            return rejected(reply);
        }
        return ServerResponse.ok().header(COMMAND_ID_HEADER, reply.commandId()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(reply.result() != null ? reply.result() : Map.of());
    }

    static Mono<ServerResponse> rejected(CommandReply reply) {
        ProblemDetail problem = Problems.problem(ErrorCode.parse(reply.code()), reply.message());
        if (reply.code() != null && !reply.code().isBlank()) {
            // Keep the service's own code even when this gateway does not know it yet; the status falls back to 500.
            problem.setProperty("code", reply.code());
        }
        problem.setProperty("commandId", reply.commandId());
        return ServerResponse.status(problem.getStatus()).header(COMMAND_ID_HEADER, reply.commandId())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).bodyValue(problem);
    }

    private static Mono<ServerResponse> pending(String commandId) {
        String href = "/api/v1/commands/" + commandId;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("commandId", commandId);
        body.put("status", "PENDING");
        body.put("href", href);
        return ServerResponse.status(HttpStatus.ACCEPTED).header(HttpHeaders.LOCATION, href)
                .header(COMMAND_ID_HEADER, commandId).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
