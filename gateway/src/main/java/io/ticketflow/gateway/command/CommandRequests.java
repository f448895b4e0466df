package io.ticketflow.gateway.command;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.command.AddSigners;
import io.ticketflow.contracts.command.ClaimWorkItem;
import io.ticketflow.contracts.command.CloseTicket;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.contracts.command.CreateTicket;
import io.ticketflow.contracts.command.DelegateWorkItem;
import io.ticketflow.contracts.command.ReassignWorkItem;
import io.ticketflow.contracts.command.RemoveSigners;
import io.ticketflow.contracts.command.RetryNode;
import io.ticketflow.contracts.command.ReturnWorkItem;
import io.ticketflow.contracts.command.SubmitWorkItem;
import io.ticketflow.contracts.command.TicketCommand;
import io.ticketflow.contracts.command.UnclaimWorkItem;
import io.ticketflow.contracts.command.UpdateVariables;
import io.ticketflow.contracts.command.VerifyTicket;
import io.ticketflow.gateway.auth.Caller;
import io.ticketflow.platform.messaging.TicketIds;
import io.ticketflow.platform.web.ApiException;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.ticketflow.gateway.web.JsonBodies.optionalObject;
import static io.ticketflow.gateway.web.JsonBodies.optionalText;
import static io.ticketflow.gateway.web.JsonBodies.requiredObject;
import static io.ticketflow.gateway.web.JsonBodies.requiredStringList;
import static io.ticketflow.gateway.web.JsonBodies.requiredText;

/** HTTP bodies to {@code contracts.command} records. Everything a caller can get wrong fails here, before Kafka. */
public final class CommandRequests {

    public static final String APPLIED = "APPLIED";
    private static final Set<String> RETRY_TYPES = Set.of("produce", "dev");
    private static final Set<String> SIGNING_MODES = Set.of("before", "after", "parallel");

    private CommandRequests() {
    }

    public static CreateTicket createTicket(JsonNode body) {
        return new CreateTicket(requiredText(body, "flowId"), optionalText(body, "name"),
                optionalText(body, "description"), optionalObject(body, "data"));
    }

    /** The same create, naming the files uploaded for it beforehand. */
    public static CreateTicket withAttachments(CreateTicket command, List<String> attachmentIds) {
        return new CreateTicket(command.flowId(), command.name(), command.description(), command.data(),
                List.copyOf(attachmentIds));
    }

    public static VerifyTicket verify(JsonNode body) {
        return new VerifyTicket(requiredText(body, "token").strip());
    }

    public static SubmitWorkItem submit(String nodeId, JsonNode body) {
        return new SubmitWorkItem(nodeId, optionalText(body, "dataId"), optionalObject(body, "data"));
    }

    public static CloseTicket close(JsonNode body) {
        return new CloseTicket(optionalText(body, "nodeId"), optionalObject(body, "data"), optionalText(body, "reason"));
    }

    /** {@code retryType} defaults to {@code produce}: rerunning the published definition is the safe choice. */
    public static RetryNode retry(String nodeId, JsonNode body) {
        String retryType = optionalText(body, "retryType");
        retryType = retryType == null ? "produce" : retryType.strip().toLowerCase(Locale.ROOT);
        if (!RETRY_TYPES.contains(retryType)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "retryType must be 'produce' or 'dev'");
        }
        return new RetryNode(nodeId, optionalText(body, "dataId"), optionalObject(body, "data"), retryType);
    }

    public static ReassignWorkItem reassign(String nodeId, JsonNode body) {
        return new ReassignWorkItem(nodeId, optionalText(body, "dataId"), optionalText(body, "description"),
                requiredStringList(body, "newUsers"));
    }

    /** The body is optional: {@code {"dataId"}} picks one of several items waiting at the node. */
    public static ClaimWorkItem claim(String nodeId, JsonNode body) {
        return new ClaimWorkItem(nodeId, optionalText(body, "dataId"));
    }

    public static UnclaimWorkItem unclaim(String nodeId, JsonNode body) {
        return new UnclaimWorkItem(nodeId, optionalText(body, "dataId"));
    }

    /** {@code {"targetNodeId","description","dataId"}}: 驳回 to a human node the item's branch passed. */
    public static ReturnWorkItem returnTo(String nodeId, JsonNode body) {
        return new ReturnWorkItem(nodeId, optionalText(body, "dataId"), requiredText(body, "targetNodeId").strip(),
                optionalText(body, "description"));
    }

    /** {@code {"user","description","dataId"}}: 委托 to {@code user}, who works it and gives it back. */
    public static DelegateWorkItem delegate(String nodeId, JsonNode body) {
        return new DelegateWorkItem(nodeId, optionalText(body, "dataId"), requiredText(body, "user").strip(),
                optionalText(body, "description"));
    }

    /** {@code {"users","mode","description","dataId"}}: 加签, {@code mode} {@code before|after|parallel}. */
    public static AddSigners addSigners(String nodeId, JsonNode body) {
        String mode = requiredText(body, "mode").strip().toLowerCase(Locale.ROOT);
        if (!SIGNING_MODES.contains(mode)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "mode must be 'before', 'after' or 'parallel'");
        }
        return new AddSigners(nodeId, optionalText(body, "dataId"), requiredStringList(body, "users"), mode,
                optionalText(body, "description"));
    }

    /** {@code {"users","dataId"}}: takes added signers off while they have not signed. */
    public static RemoveSigners removeSigners(String nodeId, JsonNode body) {
        return new RemoveSigners(nodeId, optionalText(body, "dataId"), requiredStringList(body, "users"));
    }

    public static UpdateVariables updateVariables(JsonNode body) {
        return new UpdateVariables(optionalText(body, "nodeId"), requiredObject(body, "data"));
    }

    /** A ticket id is a numeric data_no; anything else cannot name a ticket, so it is not worth a command. */
    public static String requireTicketId(String ticketId) {
        if (!TicketIds.isValid(ticketId)) {
            throw new ApiException(ErrorCode.TICKET_NOT_FOUND, "No ticket '" + ticketId + "'");
        }
        return ticketId;
    }

    /** {@code ?wait=settled} asks for the answer once the flow has settled. */
    public static String replyWhen(String wait) {
        if (wait == null || wait.isBlank() || wait.equalsIgnoreCase("applied")) {
            return APPLIED;
        }
        if (wait.equalsIgnoreCase("settled")) {
            return CommandEnvelope.SETTLED;
        }
        throw new ApiException(ErrorCode.VALIDATION_FAILED, "wait must be 'settled' or 'applied'");
    }

    public static CommandEnvelope envelope(String commandId, String ticketId, Caller caller, String replyWhen,
                                           TicketCommand command) {
        return envelope(commandId, ticketId, caller, replyWhen, command, null);
    }

    /** @param expectedVersion the ticket version the caller saw (refused with STALE_VERSION if it moved on), or null */
    public static CommandEnvelope envelope(String commandId, String ticketId, Caller caller, String replyWhen,
                                           TicketCommand command, Long expectedVersion) {
        return new CommandEnvelope(commandId, command.type(), ticketId, caller.actor(), caller.role(), replyWhen,
                Json.MAPPER.valueToTree(command), expectedVersion);
    }
}
