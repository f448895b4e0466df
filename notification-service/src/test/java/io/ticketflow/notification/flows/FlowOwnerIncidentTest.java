package io.ticketflow.notification.flows;

import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.WorkItemFailed;
import io.ticketflow.contracts.flow.PublishedFlow;
import io.ticketflow.notification.NotificationServiceTest;
import io.ticketflow.platform.messaging.TicketIds;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class FlowOwnerIncidentTest extends NotificationServiceTest {

    @Test
    void theFlowOwnerAndTheTicketCreatorAreBothToldOfAnIncident() {
        String suffix = "-" + UUID.randomUUID();
        String owner = "olivia" + suffix;
        String carol = "carol" + suffix;
        String flowId = "flow" + suffix;
        events().publishFlow(new PublishedFlow(flowId, "cmdb" + suffix, "CMDB sync", 1, Instant.now(), "Start",
                List.of(), false, owner));
        String ticketId = TicketIds.next();
        String ownTicket = TicketIds.next();
        Instant t0 = now();

        events().publishOn(flowId, ticketId, event(1, t0, carol, created(flowId, carol)));
        events().publishOn(flowId, ticketId, event(2, t0.plusMillis(7), RecordedEvent.SYSTEM,
                new WorkItemFailed("d-1", "Service_1", "Call CMDB", "HTTP 500", Map.of("status", 500))));
        // the owner opened this one: told once
        events().publishOn(flowId, ownTicket, event(1, t0, owner, created(flowId, owner)),
                event(2, t0.plusMillis(9), RecordedEvent.SYSTEM,
                        new WorkItemFailed("d-9", "Service_1", "Call CMDB", "timeout", Map.of())));

        List<Map<String, Object>> owners = awaitInbox(owner, 2);
        assertThat(owners).extracting(item -> item.get("id")).containsExactlyInAnyOrder(
                ticketId + ":2:" + owner, ownTicket + ":2:" + owner);
        assertThat(owners).allSatisfy(item -> assertThat(item).containsEntry("type", "INCIDENT")
                .containsEntry("nodeId", "Service_1").containsEntry("nodeName", "Call CMDB"));
        assertThat(owners).filteredOn(item -> item.get("ticketId").equals(ticketId)).singleElement()
                .satisfies(item -> assertThat(item).containsEntry("dataId", "d-1")
                        .containsEntry("at", t0.plusMillis(7).toString())
                        .containsEntry("ticketName", "Printer broken"));
        assertThat(awaitInbox(carol, 1)).extracting(item -> item.get("id") + ":" + item.get("type"))
                .containsExactly(ticketId + ":2:" + carol + ":INCIDENT");
    }
}
