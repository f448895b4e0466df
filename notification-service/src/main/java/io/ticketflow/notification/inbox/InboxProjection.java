package io.ticketflow.notification.inbox;

import io.ticketflow.contracts.event.AutomaticNodeCompleted;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketClosed;
import io.ticketflow.contracts.event.TicketCompleted;
import io.ticketflow.contracts.event.TicketCreated;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.contracts.event.TicketVerificationRequested;
import io.ticketflow.contracts.event.WorkItemActivated;
import io.ticketflow.contracts.event.WorkItemCancelled;
import io.ticketflow.contracts.event.WorkItemDelegated;
import io.ticketflow.contracts.event.WorkItemFailed;
import io.ticketflow.contracts.event.WorkItemReassigned;
import io.ticketflow.contracts.event.WorkItemResolved;
import io.ticketflow.contracts.event.WorkItemSignersAdded;
import io.ticketflow.contracts.event.WorkItemSignersRemoved;
import io.ticketflow.contracts.event.WorkItemReturned;
import io.ticketflow.contracts.event.WorkItemSubmitted;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns ticket events into notifications. Pure: the same digest and events always give the same notifications
 * (ids included), which is what lets the inbox be rebuilt by replaying the events.
 */
public final class InboxProjection {

    private InboxProjection() {
    }

    /** The result of a batch: the digest after it and the notifications its new events produce. */
    public record Projected(TicketDigest digest, List<Notification> notifications) {
    }

    public static Projected project(String ticketId, TicketDigest digest, List<RecordedEvent> events) {
        return project(ticketId, digest, events, null);
    }

    /**
     * @param flowOwner who owns the ticket's flow (from {@code PublishedFlow.owner}), told about its incidents;
     *                  null when unknown
     */
    public static Projected project(String ticketId, TicketDigest digest, List<RecordedEvent> events,
                                    String flowOwner) {
        return project(ticketId, digest, events, flowOwner, Map.of());
    }

    /**
     * @param groupMembers the members of the candidate groups the events name, as known here; a work item offered
     *                     to a group reaches each member's inbox (once, also when named on it too)
     */
    public static Projected project(String ticketId, TicketDigest digest, List<RecordedEvent> events,
                                    String flowOwner, Map<String, List<String>> groupMembers) {
        TicketDigest current = digest;
        List<Notification> notifications = new ArrayList<>();
        for (RecordedEvent event : events) {
            if (event.seq() <= current.lastSeq()) {
                continue;
            }
            notifications.addAll(notificationsFor(ticketId, current, event, flowOwner, groupMembers));
            current = apply(current, event);
        }
        return new Projected(current, notifications);
    }

    /** The notifications one event produces, given the ticket as it stood before it. */
    public static List<Notification> notificationsFor(String ticketId, TicketDigest before, RecordedEvent recorded) {
        return notificationsFor(ticketId, before, recorded, null);
    }

    /**
     * The notifications one event produces, given the ticket as it stood before it and its flow's owner. An
     * incident tells the ticket's creator and the flow's owner, once each (one notification when they are the same
     * user).
     */
    public static List<Notification> notificationsFor(String ticketId, TicketDigest before, RecordedEvent recorded,
                                                      String flowOwner) {
        return notificationsFor(ticketId, before, recorded, flowOwner, Map.of());
    }

    public static List<Notification> notificationsFor(String ticketId, TicketDigest before, RecordedEvent recorded,
                                                      String flowOwner, Map<String, List<String>> groupMembers) {
        TicketEvent event = recorded.event();
        List<Notification> result = new ArrayList<>();
        if (event instanceof WorkItemActivated activated) {
            List<String> recipients = new ArrayList<>(activated.handlers() == null ? List.of() : activated.handlers());
            activated.candidateGroups().forEach(group -> recipients.addAll(groupMembers.getOrDefault(group, List.of())));
            for (String user : distinct(recipients)) {
                result.add(notification(ticketId, before, recorded, user, NotificationType.WORK_ITEM_ASSIGNED,
                        activated.nodeName()));
            }
        } else if (event instanceof WorkItemReassigned reassigned) {
            Set<String> previous = distinct(reassigned.previousHandlers());
            Set<String> next = distinct(reassigned.newHandlers());
            String nodeName = before.nodeNameOf(reassigned.dataId(), reassigned.nodeId());
            for (String user : next) {
                if (!previous.contains(user)) {
                    result.add(notification(ticketId, before, recorded, user,
                            NotificationType.WORK_ITEM_REASSIGNED_TO_YOU, nodeName));
                }
            }
            for (String user : previous) {
                if (!next.contains(user)) {
                    result.add(notification(ticketId, before, recorded, user,
                            NotificationType.WORK_ITEM_REASSIGNED_AWAY, nodeName));
                }
            }
        } else if (event instanceof WorkItemDelegated delegated) {
            result.add(notification(ticketId, before, recorded, delegated.delegate(),
                    NotificationType.WORK_ITEM_DELEGATED_TO_YOU,
                    before.nodeNameOf(delegated.dataId(), delegated.nodeId())));
        } else if (event instanceof WorkItemResolved resolved) {
            result.add(notification(ticketId, before, recorded, resolved.owner(), NotificationType.WORK_ITEM_RESOLVED,
                    before.nodeNameOf(resolved.dataId(), resolved.nodeId())));
        } else if (event instanceof WorkItemReturned returned) {
            // the item's other handlers lose it; the opener hears their ticket went back
            String nodeName = before.nodeNameOf(returned.dataId(), returned.nodeId());
            before.workItems().stream().filter(item -> returned.dataId().equals(item.dataId())).findFirst()
                    .ifPresent(item -> distinct(item.handlers()).stream()
                            .filter(user -> !user.equals(recorded.actor()))
                            .forEach(user -> result.add(notification(ticketId, before, recorded, user,
                                    NotificationType.WORK_ITEM_CANCELLED, nodeName))));
            if (before.createdBy() != null && !before.createdBy().equals(recorded.actor())) {
                result.add(notification(ticketId, before, recorded, before.createdBy(),
                        NotificationType.WORK_ITEM_RETURNED, nodeName));
            }
        } else if (event instanceof WorkItemSignersAdded added) {
            String nodeName = before.nodeNameOf(added.dataId(), added.nodeId());
            distinct(added.users()).forEach(user -> result.add(notification(ticketId, before, recorded, user,
                    NotificationType.SIGNATURE_REQUESTED, nodeName)));
        } else if (event instanceof WorkItemSignersRemoved removed) {
            String nodeName = before.nodeNameOf(removed.dataId(), removed.nodeId());
            distinct(removed.users()).forEach(user -> result.add(notification(ticketId, before, recorded, user,
                    NotificationType.WORK_ITEM_CANCELLED, nodeName)));
        } else if (event instanceof WorkItemCancelled cancelled) {
            before.workItems().stream().filter(item -> cancelled.dataId() != null
                            && cancelled.dataId().equals(item.dataId())).findFirst()
                    .ifPresent(item -> distinct(item.handlers()).forEach(user -> result.add(notification(ticketId,
                            before, recorded, user, NotificationType.WORK_ITEM_CANCELLED, item.nodeName()))));
        } else if (event instanceof TicketVerificationRequested requested) {
            Notification n = notification(ticketId, before, recorded, requested.createdBy(),
                    NotificationType.START_VERIFICATION, null);
            result.add(new Notification(n.id(), n.userId(), n.type(), n.ticketId(), requested.name(), n.dataId(),
                    n.nodeId(), n.nodeName(), n.at(), n.seq(), false, requested.token()));
        } else if (before.createdBy() != null) {
            // The creator's notifications; without TicketCreated there is no one to tell.
            if (event instanceof TicketCompleted) {
                result.add(notification(ticketId, before, recorded, before.createdBy(),
                        NotificationType.TICKET_COMPLETED, null));
            } else if (event instanceof TicketClosed closed) {
                result.add(notification(ticketId, before, recorded, before.createdBy(),
                        NotificationType.TICKET_CLOSED, before.nodeNameOf(null, closed.nodeId())));
            }
        }
        if (event instanceof WorkItemFailed failed) {
            Set<String> told = new LinkedHashSet<>();
            if (before.createdBy() != null && !before.createdBy().isBlank()) {
                told.add(before.createdBy());
            }
            if (flowOwner != null && !flowOwner.isBlank()) {
                told.add(flowOwner);
            }
            for (String user : told) {
                result.add(notification(ticketId, before, recorded, user, NotificationType.INCIDENT,
                        failed.nodeName()));
            }
        }
        return result;
    }

    /** The digest after one event; the only way a digest changes. */
    public static TicketDigest apply(TicketDigest digest, RecordedEvent recorded) {
        if (recorded.seq() <= digest.lastSeq()) {
            return digest;
        }
        TicketEvent event = recorded.event();
        String createdBy = digest.createdBy();
        String name = digest.name();
        String flowId = digest.flowId();
        List<OpenWorkItem> items = new ArrayList<>(digest.workItems());
        if (event instanceof TicketCreated created) {
            createdBy = created.createdBy();
            name = created.name();
            flowId = created.flowId();
        } else if (event instanceof TicketVerificationRequested requested) {
            createdBy = requested.createdBy();
            name = requested.name();
            flowId = requested.flowId();
        } else if (event instanceof WorkItemActivated activated) {
            open(items, new OpenWorkItem(activated.dataId(), activated.nodeId(), activated.nodeName(),
                    activated.handlers()));
        } else if (event instanceof WorkItemFailed failed) {
            open(items, new OpenWorkItem(failed.dataId(), failed.nodeId(), failed.nodeName()));
        } else if (event instanceof WorkItemReassigned reassigned) {
            items.replaceAll(item -> item.dataId() != null && item.dataId().equals(reassigned.dataId())
                    ? new OpenWorkItem(item.dataId(), item.nodeId(), item.nodeName(), reassigned.newHandlers())
                    : item);
        } else if (event instanceof WorkItemSubmitted || event instanceof WorkItemCancelled
                || event instanceof WorkItemReturned || event instanceof AutomaticNodeCompleted) {
            items.removeIf(item -> item.dataId() != null && item.dataId().equals(event.dataId()));
        } else if (event instanceof TicketCompleted || event instanceof TicketClosed) {
            items.clear();
        }
        return new TicketDigest(createdBy, name, flowId, recorded.seq(), items);
    }

    private static void open(List<OpenWorkItem> items, OpenWorkItem item) {
        items.removeIf(existing -> existing.dataId() != null && existing.dataId().equals(item.dataId()));
        items.add(item);
    }

    private static Notification notification(String ticketId, TicketDigest before, RecordedEvent recorded,
                                             String userId, NotificationType type, String nodeName) {
        TicketEvent event = recorded.event();
        return new Notification(Notification.idOf(ticketId, recorded.seq(), userId), userId, type, ticketId,
                before.name(), event.dataId(), event.nodeId(), nodeName, recorded.at(), recorded.seq(), false);
    }

    private static Set<String> distinct(List<String> users) {
        Set<String> result = new LinkedHashSet<>();
        if (users != null) {
            users.stream().filter(user -> user != null && !user.isBlank()).forEach(result::add);
        }
        return result;
    }
}
