package io.ticketflow.flow.runtime;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.command.CloseTicket;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.contracts.command.CreateTicket;
import io.ticketflow.contracts.event.CallActivityStarted;
import io.ticketflow.contracts.event.ParentLink;
import io.ticketflow.contracts.flow.CallResult;
import io.ticketflow.flow.definition.FlowDefinitionStore;
import io.ticketflow.flow.definition.FlowVersion;
import io.ticketflow.flow.engine.FlowEngine;
import io.ticketflow.flow.engine.event.EngineEvent.CallRequested;
import io.ticketflow.flow.engine.state.InstanceStatus;
import io.ticketflow.flow.engine.state.Token;
import io.ticketflow.flow.engine.state.TokenStatus;
import io.ticketflow.platform.internal.CommandSignatures;
import io.ticketflow.platform.messaging.EventPublisher;
import io.ticketflow.platform.messaging.TicketIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Call activities across tickets (issue 12). A call the engine asks for is resolved here (the flow's key to its id and
 * version; none: an incident of the call activity) and numbered before the calling instance is stored, so the child's
 * id is part of it; after the store, ticket-service is asked to open the child ({@code CreateTicket} with the parent
 * link, sent again at every start while the call waits: ticket-service refuses a second create of one ticket). A
 * child that ends sends its parent a {@link CallResult} on {@code ticketflow.call-results}, applied in the parent's
 * order; a call whose token went another way (an interrupting boundary event, a close) closes its child.
 */
@Component
class CallLinks {

    private static final Logger log = LoggerFactory.getLogger(CallLinks.class);
    /** Who closes a child its parent no longer waits for. */
    static final String ACTOR = "ticketflow";

    private final FlowDefinitionStore flows;
    private final EventPublisher publisher;
    private final CommandSignatures signatures;

    CallLinks(FlowDefinitionStore flows, EventPublisher publisher, CommandSignatures signatures) {
        this.flows = flows;
        this.publisher = publisher;
        this.signatures = signatures;
    }

    /**
     * Before the instance is stored: each call asked for gets its flow and a ticket id (or, when the flow cannot be
     * found, its token an incident), and each call whose token went another way is marked to be closed.
     */
    Mono<Void> settle(WorkingInstance work, FlowEngine engine) {
        List<CallRequested> requests = new ArrayList<>(work.callRequests);
        work.callRequests.clear();
        return Flux.fromIterable(requests)
                .concatMap(request -> resolve(request).map(version -> {
                    CallRef call = new CallRef(TicketIds.next(), request.nodeId(), request.nodeName(),
                            version.flowId(), version.version(), request.name(), request.variables());
                    work.calls.put(request.dataId(), call);
                    work.newCalls.put(request.dataId(), call);
                    work.ticketEvents.add(new CallActivityStarted(request.dataId(), request.nodeId(),
                            request.nodeName(), call.childTicketId(), call.flowId(), call.flowVersion()));
                    return true;
                }).defaultIfEmpty(false).doOnNext(found -> {
                    if (!found && work.state.token(request.dataId()).filter(t -> t.status() == TokenStatus.CALL)
                            .isPresent()) {
                        Map<String, Object> details = new LinkedHashMap<>();
                        details.put("calledElement", request.flowKey());
                        if (request.version() != null) {
                            details.put("version", request.version());
                        }
                        work.apply(engine.fail(work.model, work.state, request.dataId(), "call activity "
                                + request.nodeName() + " cannot start: no published flow with key '"
                                + request.flowKey() + "'" + (request.version() == null ? ""
                                : " and version " + request.version()), details), work.model);
                    }
                }))
                .then(Mono.fromRunnable(() -> work.calls.entrySet().removeIf(call -> {
                    boolean ended = work.state.token(call.getKey()).map(Token::status)
                            .filter(status -> status == TokenStatus.CALL).isEmpty()
                            || work.state.status() != InstanceStatus.RUNNING;
                    if (ended) {
                        work.closedCalls.add(call.getValue());
                        work.newCalls.remove(call.getKey());
                    }
                    return ended;
                })));
    }

    private Mono<FlowVersion> resolve(CallRequested request) {
        return flows.findByKey(request.flowKey()).flatMap(flow -> request.version() == null
                ? flows.latest(flow.flowId()) : flows.version(flow.flowId(), request.version()));
    }

    /**
     * After the instance is stored: children opened and closed as it says; a child that has ended tells its parent.
     */
    Mono<Void> afterStore(WorkingInstance work, Instance before, Instance stored) {
        Mono<Void> opened = Flux.fromIterable(work.newCalls.entrySet())
                .concatMap(call -> open(stored, call.getKey(), call.getValue())).then();
        Mono<Void> closed = Flux.fromIterable(work.closedCalls).concatMap(call -> close(stored.ticketId(), call))
                .then();
        return opened.then(closed).then(Mono.defer(() -> tellParent(before, stored)));
    }

    /**
     * A message applied before comes again (its effects may not all have been sent): the calls still waiting asked for
     * again, and, when this ticket has ended, its parent told again (a parent ignores the end of a call it no longer
     * waits for).
     */
    Mono<Void> again(Instance instance) {
        return resend(instance).then(Mono.defer(() -> instance.state().status() == InstanceStatus.RUNNING
                ? Mono.<Void>empty() : tellParent(null, instance)));
    }

    /** At start: every call still waiting is asked for again, in case the crash came before its create was sent. */
    Mono<Void> resend(Instance instance) {
        if (instance.calls() == null || instance.calls().isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(instance.calls().entrySet())
                .filter(call -> instance.state().token(call.getKey()).filter(t -> t.status() == TokenStatus.CALL)
                        .isPresent())
                .concatMap(call -> open(instance, call.getKey(), call.getValue())).then();
    }

    private Mono<Void> open(Instance parent, String dataId, CallRef call) {
        CreateTicket create = new CreateTicket(call.flowId(), call.name(), "由工单 " + parent.ticketId() + " 的「"
                + call.nodeName() + "」调用", call.variables(), List.of(), null,
                new ParentLink(parent.ticketId(), dataId, call.nodeId()), call.flowVersion());
        String actor = parent.createdBy() == null ? ACTOR : parent.createdBy();
        CommandEnvelope envelope = new CommandEnvelope("call:" + call.childTicketId(), "CreateTicket",
                call.childTicketId(), actor, ActorRole.INTEGRATION, null, Json.MAPPER.valueToTree(create));
        return publisher.publish(Topics.COMMANDS, call.childTicketId(), envelope)
                .doOnSuccess(ignored -> log.info("Ticket {}: call activity {} asked for ticket {} of flow {} v{}",
                        parent.ticketId(), call.nodeId(), call.childTicketId(), call.flowId(), call.flowVersion()));
    }

    /** An admin's close, signed: the parent no longer waits for the child. */
    private Mono<Void> close(String parentTicketId, CallRef call) {
        CloseTicket close = new CloseTicket(null, Map.of(), "调用方工单 " + parentTicketId + " 不再等待该工单");
        CommandEnvelope envelope = signatures.sign(new CommandEnvelope("call-close:" + call.childTicketId(),
                "CloseTicket", call.childTicketId(), ACTOR, ActorRole.ADMIN, null, Json.MAPPER.valueToTree(close)));
        return publisher.publish(Topics.COMMANDS, call.childTicketId(), envelope)
                .doOnSuccess(ignored -> log.info("Ticket {}: closing ticket {} its call activity {} no longer waits"
                        + " for", parentTicketId, call.childTicketId(), call.nodeId()));
    }

    private Mono<Void> tellParent(Instance before, Instance stored) {
        ParentLink parent = stored.parent();
        boolean ended = stored.state().status() != InstanceStatus.RUNNING
                && (before == null || before.state().status() == InstanceStatus.RUNNING);
        if (parent == null || !ended) {
            return Mono.empty();
        }
        boolean completed = stored.state().status() == InstanceStatus.COMPLETED;
        CallResult result = new CallResult(parent.ticketId(), parent.dataId(), stored.ticketId(), completed,
                completed ? null : "the called ticket " + stored.ticketId() + " was closed",
                completed ? stored.variables() : Map.of());
        return publisher.publish(Topics.CALL_RESULTS, parent.ticketId(), result);
    }
}
