package io.ticketflow.ticket.command;

import io.ticketflow.contracts.command.AddSigners;
import io.ticketflow.contracts.command.ClaimWorkItem;
import io.ticketflow.contracts.command.DelegateWorkItem;
import io.ticketflow.contracts.command.ReturnWorkItem;
import io.ticketflow.contracts.command.SubmitWorkItem;
import io.ticketflow.contracts.command.TicketCommand;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.WorkItem;
import io.ticketflow.ticket.group.GroupDirectory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which candidate groups of the work items a command acts on the actor belongs to, read when the command is
 * decided (so a membership change applies to work already waiting). Read only when it can matter: a command on an
 * item with candidate groups, by someone not already a handler — an index lookup per group, nothing otherwise.
 */
@Component
class ActorGroups {

    private final GroupDirectory directory;

    ActorGroups(GroupDirectory directory) {
        this.directory = directory;
    }

    Mono<Set<String>> of(Ticket ticket, TicketCommand command, String actor) {
        String nodeId;
        String dataId;
        if (command instanceof SubmitWorkItem submit) {
            nodeId = submit.nodeId();
            dataId = submit.dataId();
        } else if (command instanceof ClaimWorkItem claim) {
            nodeId = claim.nodeId();
            dataId = claim.dataId();
        } else if (command instanceof AddSigners add) {
            nodeId = add.nodeId();
            dataId = add.dataId();
        } else if (command instanceof DelegateWorkItem delegate) {
            nodeId = delegate.nodeId();
            dataId = delegate.dataId();
        } else if (command instanceof ReturnWorkItem back) {
            nodeId = back.nodeId();
            dataId = back.dataId();
        } else {
            return Mono.just(Set.of());
        }
        if (actor == null || ticket.workItems() == null) {
            return Mono.just(Set.of());
        }
        Set<String> groups = new LinkedHashSet<>();
        for (WorkItem item : ticket.workItems()) {
            boolean targeted = item.nodeId().equals(nodeId) && (dataId == null || item.dataId().equals(dataId));
            if (targeted && !item.isHandler(actor)) {
                groups.addAll(item.candidateGroups());
            }
        }
        if (groups.isEmpty()) {
            return Mono.just(Set.of());
        }
        return Flux.fromIterable(groups)
                .filterWhen(group -> directory.membersOf(group).map(members -> members.contains(actor)))
                .collect(LinkedHashSet<String>::new, Set::add)
                .map(Set::copyOf);
    }
}
