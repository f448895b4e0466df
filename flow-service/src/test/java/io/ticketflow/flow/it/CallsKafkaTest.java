package io.ticketflow.flow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.command.CloseTicket;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.contracts.command.CreateTicket;
import io.ticketflow.contracts.event.AutomaticNodeCompleted;
import io.ticketflow.contracts.event.CallActivityStarted;
import io.ticketflow.contracts.event.ParentLink;
import io.ticketflow.contracts.event.TicketClosed;
import io.ticketflow.contracts.event.TicketCompleted;
import io.ticketflow.contracts.event.TicketCreated;
import io.ticketflow.contracts.event.WorkItemActivated;
import io.ticketflow.contracts.event.WorkItemFailed;
import io.ticketflow.contracts.event.WorkItemSubmitted;
import io.ticketflow.contracts.flow.FlowProgressed;
import io.ticketflow.platform.internal.CommandSignatures;
import io.ticketflow.platform.messaging.TicketIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;

/**
 * Call activities of flow-service on the embedded broker and store, ticket-service played by the test: an Activiti
 * diagram's call activity asks for the child ticket with its variables mapped in and the link to its parent; the
 * child's completion comes back (over {@code ticketflow.call-results}) as the call activity's end with the variables
 * mapped out; closing the parent closes the child; a closed child makes the call activity an incident.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=flow-service", "spring.mongodb.database=flow-service-calls"})
class CallsKafkaTest extends FlowServiceSlice {

    @Autowired
    CommandSignatures signatures;

    @Test
    void aCallActivityOpensItsChildAndMovesOnWithItsVariablesWhenTheChildCompletes() throws IOException {
        Published flows = publishBoth();
        String parentId = TicketIds.next();
        // as ticket-service opens it: activiti:initiator names the opener
        send(parentId, flows.parent(), 1, new TicketCreated(flows.parent(), 1, "t", "d", "alice",
                Map.of("host", "db-01", "cpu", 4, "applicant", "alice")));

        FlowProgressed calling = progress(parentId, 1);
        assertThat(calling.settled()).as("waiting for a ticket is settled, like waiting for a person").isTrue();
        CallActivityStarted started = (CallActivityStarted) calling.events().get(0);
        String childId = started.childTicketId();
        assertThat(started).isEqualTo(new CallActivityStarted(parentId + "-1", "provision", "开通服务器", childId,
                flows.child(), 1));
        CommandEnvelope create = commandSent("call:" + childId);
        assertThat(create.ticketId()).isEqualTo(childId);
        assertThat(create.actor()).as("the parent's opener opens the child").isEqualTo("alice");
        assertThat(Json.convert(create.payload(), CreateTicket.class)).isEqualTo(new CreateTicket(flows.child(),
                "开通服务器", "由工单 " + parentId + " 的「开通服务器」调用", Map.of("server", "db-01", "cores", 8),
                List.of(), null, new ParentLink(parentId, parentId + "-1", "provision"), 1));

        // ticket-service opens the child; its person completes it
        send(childId, flows.child(), 1, new TicketCreated(flows.child(), 1, "开通服务器", "", "alice",
                Map.of("server", "db-01", "cores", 8), List.of(), null,
                new ParentLink(parentId, parentId + "-1", "provision")));
        assertThat(progress(childId, 1).events()).first().isInstanceOf(WorkItemActivated.class);
        send(childId, flows.child(), 2, new WorkItemSubmitted(childId + "-1", "setUp", Map.of("ip", "10.0.0.7")));
        assertThat(progress(childId, 2).events()).last().isEqualTo(new TicketCompleted());

        FlowProgressed resumed = progress(parentId, 2);
        assertThat(resumed.events().get(0)).isEqualTo(new AutomaticNodeCompleted(parentId + "-1", "provision",
                "开通服务器", Map.of("serverIp", "10.0.0.7")));
        assertThat(resumed.events().get(1)).isInstanceOfSatisfying(WorkItemActivated.class, handOver -> {
            assertThat(handOver.nodeId()).isEqualTo("handOver");
            assertThat(handOver.handlers()).containsExactly("alice");
        });
    }

    @Test
    void closingTheParentClosesItsChildAndAClosedChildMakesTheCallAnIncident() throws IOException {
        Published flows = publishBoth();
        String parentId = TicketIds.next();
        send(parentId, flows.parent(), 1, new TicketCreated(flows.parent(), 1, "t", "d", "alice",
                Map.of("host", "db-02", "cpu", 1)));
        String childId = ((CallActivityStarted) progress(parentId, 1).events().get(0)).childTicketId();

        send(parentId, flows.parent(), 2, new TicketClosed(null, Map.of(), "no longer needed"));
        CommandEnvelope close = commandSent("call-close:" + childId);
        assertThat(close.ticketId()).isEqualTo(childId);
        assertThat(close.effectiveRole()).isEqualTo(ActorRole.ADMIN);
        assertThat(signatures.verify(close)).as("an admin's close only counts signed").isTrue();
        assertThat(Json.convert(close.payload(), CloseTicket.class).reason()).contains(parentId);

        // another parent whose child someone else closes: the call activity fails, a retry would call again
        String otherParent = TicketIds.next();
        send(otherParent, flows.parent(), 1, new TicketCreated(flows.parent(), 1, "t", "d", "alice",
                Map.of("host", "db-03", "cpu", 1)));
        String otherChild = ((CallActivityStarted) progress(otherParent, 1).events().get(0)).childTicketId();
        send(otherChild, flows.child(), 1, new TicketCreated(flows.child(), 1, "开通服务器", "", "alice", Map.of(),
                List.of(), null, new ParentLink(otherParent, otherParent + "-1", "provision")));
        progress(otherChild, 1);
        send(otherChild, flows.child(), 2, new TicketClosed(null, Map.of(), "wrong request"));

        FlowProgressed failed = progress(otherParent, 2);
        assertThat(failed.events()).singleElement().isInstanceOfSatisfying(WorkItemFailed.class, incident -> {
            assertThat(incident.nodeId()).isEqualTo("provision");
            assertThat(incident.reason()).contains(otherChild, "closed");
        });
    }

    @Test
    void aCallOfAFlowThatIsNotPublishedIsAnIncident() throws IOException {
        String parentFlow = publish(resource("/flows/provision-caller-activiti.bpmn").replace("CHILD_KEY",
                "nobody-" + UUID.randomUUID()));
        String parentId = TicketIds.next();
        send(parentId, parentFlow, 1, new TicketCreated(parentFlow, 1, "t", "d", "alice", Map.of("cpu", 1)));

        assertThat(progress(parentId, 1).events()).singleElement().isInstanceOfSatisfying(WorkItemFailed.class,
                incident -> assertThat(incident.reason()).contains("no published flow with key 'nobody-"));
    }

    private record Published(String parent, String child) {
    }

    private Published publishBoth() throws IOException {
        String childKey = "provision-" + UUID.randomUUID();
        String child = publish(resource("/flows/provision-server-activiti.bpmn"), childKey);
        String parent = publish(resource("/flows/provision-caller-activiti.bpmn").replace("CHILD_KEY", childKey));
        return new Published(parent, child);
    }

    private String publish(String xml) {
        return publish(xml, "flow-" + UUID.randomUUID());
    }

    private String publish(String xml, String key) {
        var created = Json.MAPPER.readTree(client("admin", "ADMIN").post().uri("/api/v1/flows")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("key", key, "name", key)).exchange()
                .expectStatus().isCreated().expectBody().returnResult().getResponseBody());
        String flowId = created.get("flowId").asString();
        client("admin", "ADMIN").put().uri("/api/v1/flows/{id}/draft", flowId).contentType(MediaType.APPLICATION_XML)
                .bodyValue(xml).exchange().expectStatus().isOk();
        client("admin", "ADMIN").post().uri("/api/v1/flows/{id}/publish", flowId).exchange().expectStatus()
                .isCreated();
        return flowId;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = CallsKafkaTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
