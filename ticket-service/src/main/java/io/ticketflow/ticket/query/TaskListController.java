package io.ticketflow.ticket.query;

import com.mongodb.client.model.Filters;
import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.identity.Group;
import io.ticketflow.contracts.task.TaskListItem;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.ForwardedIdentity;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.WorkItem;
import io.ticketflow.ticket.group.GroupDirectory;
import io.ticketflow.ticket.store.TicketStore;
import org.bson.conversions.Bson;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The task list across tickets: {@code GET /api/v1/work-items?assignee=&candidateUser=&candidateGroup=&state=}.
 * Without filters a user sees what they may act on now (named, claimed, through a group, or open to all); a user
 * may ask only about themselves and their own groups. Admins, auditors and integrations may ask about anyone and,
 * without filters, see every work item.
 */
@RestController
class TaskListController {

    /** Added signers (加签) of a ticket's work items. */
    private static final String SIGNERS = "ticket.workItems.signing.signers.user";

    private static final int MAX_LIMIT = 200;
    /** Tickets looked at per request; the newest first. */
    private static final int TICKETS_SCANNED = 1000;
    private static final String ACTOR = ForwardedIdentity.ACTOR_HEADER;
    private static final String ROLE = ForwardedIdentity.ROLE_HEADER;

    private final TicketStore store;
    private final GroupDirectory groups;
    private final Clock clock;

    TaskListController(TicketStore store, GroupDirectory groups, Clock clock) {
        this.store = store;
        this.groups = groups;
        this.clock = clock;
    }

    @GetMapping("/api/v1/work-items")
    Mono<List<TaskListItem>> tasks(@RequestParam(required = false) String assignee,
                                   @RequestParam(required = false) String candidateUser,
                                   @RequestParam(required = false) String candidateGroup,
                                   @RequestParam(defaultValue = "WAITING") String state,
                                   @RequestParam(required = false) Boolean overdue,
                                   @RequestParam(defaultValue = "50") int limit,
                                   @RequestParam(defaultValue = "0") int offset,
                                   @RequestHeader(name = ACTOR, required = false) String actor,
                                   @RequestHeader(name = ROLE, required = false) String role) {
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "limit must be 1-" + MAX_LIMIT + ", offset >= 0");
        }
        WorkItem.WorkItemState wanted = state(state);
        ForwardedIdentity caller = ForwardedIdentity.of(actor, role);
        boolean user = caller.role() == ActorRole.USER;
        String assigneeFilter = blankToNull(assignee);
        String candidateFilter = blankToNull(candidateUser);
        String groupFilter = blankToNull(candidateGroup);
        if (user) {
            if (caller.actor() == null) {
                return Mono.just(List.of());
            }
            if ((assigneeFilter != null && !assigneeFilter.equals(caller.actor()))
                    || (candidateFilter != null && !candidateFilter.equals(caller.actor()))) {
                throw new ApiException(ErrorCode.FORBIDDEN, "A user may list only their own work items");
            }
            if (assigneeFilter == null && candidateFilter == null && groupFilter == null) {
                candidateFilter = caller.actor();
            }
        }
        String assigned = assigneeFilter;
        String candidate = candidateFilter;
        Mono<Set<String>> candidateGroups = candidate == null ? Mono.just(Set.of())
                : groups.groupsOf(candidate).map(Group::groupId).collect(Collectors.toSet());
        Mono<Boolean> mayAskGroup = groupFilter == null || !user ? Mono.just(true)
                : groups.membersOf(groupFilter).map(members -> members.contains(caller.actor()));
        return Mono.zip(candidateGroups, mayAskGroup).flatMap(found -> {
            if (!found.getT2()) {
                return Mono.error(new ApiException(ErrorCode.FORBIDDEN,
                        "A user may list only the work of groups they belong to"));
            }
            Set<String> memberOf = found.getT1();
            Instant now = clock.instant();
            Predicate<WorkItem> matches = item -> item.state() == wanted
                    && (overdue == null || overdue == DueDates.overdue(dueDateOf(item), now))
                    && (assigned == null || assigned.equals(item.claimedBy())
                    || (item.claimedBy() == null && item.isHandler(assigned))
                    || (item.signing() != null && item.signing().signer(assigned).filter(s -> !s.signed()).isPresent()))
                    && (candidate == null || item.mayAct(candidate, memberOf))
                    && (groupFilter == null || item.candidateGroups().contains(groupFilter));
            return store.search(prefilter(assigned, candidate, memberOf, groupFilter), 0, TICKETS_SCANNED)
                    .flatMapIterable(ticket -> ticket.workItems().stream().filter(matches)
                            .map(item -> item(ticket, item, now)).toList())
                    .skip(offset).take(limit).collectList();
        });
    }

    /**
     * Narrows the tickets to read by the indexed work item fields; the exact match is done on the items. Open items
     * (naming no one) have nothing to index, so a candidate's view also reads the running tickets that have one.
     */
    private static Bson prefilter(String assignee, String candidate, Set<String> memberOf, String group) {
        List<Bson> all = new ArrayList<>();
        all.add(Filters.eq("ticket.status", "RUNNING"));
        if (assignee != null) {
            all.add(Filters.or(Filters.eq("ticket.workItems.handlers", assignee),
                    Filters.eq("ticket.workItems.claimedBy", assignee), Filters.eq(SIGNERS, assignee)));
        }
        if (candidate != null) {
            List<Bson> any = new ArrayList<>(List.of(Filters.eq("ticket.workItems.handlers", candidate),
                    Filters.eq("ticket.workItems.claimedBy", candidate), Filters.eq(SIGNERS, candidate),
                    Filters.elemMatch("ticket.workItems", Filters.and(Filters.eq("state", "WAITING"),
                            Filters.size("handlers", 0), Filters.size("candidateGroups", 0)))));
            if (!memberOf.isEmpty()) {
                any.add(Filters.in("ticket.workItems.candidateGroups", memberOf));
            }
            all.add(Filters.or(any));
        }
        if (group != null) {
            all.add(Filters.eq("ticket.workItems.candidateGroups", group));
        }
        return Filters.and(all);
    }

    private static TaskListItem item(Ticket ticket, WorkItem item, Instant now) {
        return new TaskListItem(ticket.ticketId(), ticket.name(), ticket.flowId(), item.dataId(), item.nodeId(),
                item.nodeName(), item.state().name(), item.handlers() == null ? List.of() : item.handlers(),
                item.candidateGroups(), item.claimedBy(), item.open(), item.since(), dueDateOf(item),
                item.details() == null ? null : item.details().priority(), DueDates.overdue(dueDateOf(item), now));
    }

    private static String dueDateOf(WorkItem item) {
        return item.details() == null ? null : item.details().dueDate();
    }

    private static WorkItem.WorkItemState state(String state) {
        try {
            return WorkItem.WorkItemState.valueOf(state.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "state must be WAITING or FAILED");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
