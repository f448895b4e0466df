package io.ticketflow.gateway.routing;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTableTest {

    private static OwningService owner(HttpMethod method, String path) {
        return RouteTable.resolve(method, path).map(RouteTable.Match::service).orElse(null);
    }

    @Test
    void ticketReadsGoToTicketService() {
        assertThat(owner(HttpMethod.GET, "/api/v1/tickets")).isEqualTo(OwningService.TICKETS);
        assertThat(owner(HttpMethod.GET, "/api/v1/tickets/123")).isEqualTo(OwningService.TICKETS);
        assertThat(owner(HttpMethod.GET, "/api/v1/tickets/123/work-items")).isEqualTo(OwningService.TICKETS);
        assertThat(owner(HttpMethod.GET, "/api/v1/tickets/123/history")).isEqualTo(OwningService.TICKETS);
        assertThat(owner(HttpMethod.GET, "/api/v1/tickets/123/nodes/Task_1/handlers")).isEqualTo(OwningService.TICKETS);
        assertThat(RouteTable.resolve(HttpMethod.GET, "/api/v1/tickets/123/history").orElseThrow().variables())
                .containsEntry("ticketId", "123");
    }

    @Test
    void variableReadsGoToVariableServiceButTheirWriteIsACommand() {
        assertThat(owner(HttpMethod.GET, "/api/v1/tickets/123/variables")).isEqualTo(OwningService.VARIABLES);
        assertThat(owner(HttpMethod.GET, "/api/v1/tickets/123/variables/history")).isEqualTo(OwningService.VARIABLES);
        assertThat(owner(HttpMethod.PATCH, "/api/v1/tickets/123/variables")).isNull();
        assertThat(owner(HttpMethod.POST, "/api/v1/tickets/123/close")).isNull();
    }

    @Test
    void everythingUnderFlowsIncludingWritesGoesToFlowService() {
        assertThat(owner(HttpMethod.POST, "/api/v1/flows")).isEqualTo(OwningService.FLOWS);
        assertThat(owner(HttpMethod.PUT, "/api/v1/flows/f1/draft")).isEqualTo(OwningService.FLOWS);
        assertThat(owner(HttpMethod.POST, "/api/v1/flows/f1/publish")).isEqualTo(OwningService.FLOWS);
        assertThat(owner(HttpMethod.GET, "/api/v1/flows/f1")).isEqualTo(OwningService.FLOWS);
    }

    @Test
    void theInboxGoesToNotificationService() {
        assertThat(owner(HttpMethod.GET, "/api/v1/inbox")).isEqualTo(OwningService.NOTIFICATIONS);
        assertThat(owner(HttpMethod.GET, "/api/v1/inbox/stream")).isEqualTo(OwningService.NOTIFICATIONS);
    }

    @Test
    void attachmentDownloadsGoToTicketServiceButUploadsAreNotForwarded() {
        assertThat(owner(HttpMethod.GET, "/api/v1/tickets/123/attachments/att-1")).isEqualTo(OwningService.TICKETS);
        assertThat(owner(HttpMethod.POST, "/api/v1/tickets/123/attachments")).isNull();
        assertThat(owner(HttpMethod.GET, "/api/v1/tickets/123/attachments")).isNull();
    }

    @Test
    void aFlowsSecurityCodesAreTheGatewaysOwnAndNeverForwarded() {
        assertThat(owner(HttpMethod.POST, "/api/v1/flows/f1/security-codes")).isNull();
        assertThat(owner(HttpMethod.GET, "/api/v1/flows/f1/security-codes")).isNull();
        assertThat(owner(HttpMethod.DELETE, "/api/v1/flows/f1/security-codes/c1")).isNull();
        assertThat(owner(HttpMethod.GET, "/api/v1/flows/f1/draft")).isEqualTo(OwningService.FLOWS);
    }

    @Test
    void webhooksGoToNotificationService() {
        assertThat(owner(HttpMethod.POST, "/api/v1/webhooks")).isEqualTo(OwningService.NOTIFICATIONS);
        assertThat(owner(HttpMethod.GET, "/api/v1/webhooks")).isEqualTo(OwningService.NOTIFICATIONS);
        assertThat(owner(HttpMethod.DELETE, "/api/v1/webhooks/w1")).isEqualTo(OwningService.NOTIFICATIONS);
        assertThat(owner(HttpMethod.GET, "/api/v1/webhooks/w1/deliveries")).isEqualTo(OwningService.NOTIFICATIONS);
        assertThat(owner(HttpMethod.POST, "/api/v1/webhooks/w1/deliveries/d1/replay"))
                .isEqualTo(OwningService.NOTIFICATIONS);
    }

    @Test
    void onlyTheInboxStreamIsAStream() {
        assertThat(RouteTable.resolve(HttpMethod.GET, "/api/v1/inbox/stream").orElseThrow().streaming()).isTrue();
        assertThat(RouteTable.resolve(HttpMethod.GET, "/api/v1/inbox").orElseThrow().streaming()).isFalse();
        assertThat(RouteTable.resolve(HttpMethod.GET, "/api/v1/tickets/1").orElseThrow().streaming()).isFalse();
    }

    @Test
    void unknownPathsHaveNoOwner() {
        assertThat(owner(HttpMethod.GET, "/api/v1/tickets/123/unknown")).isNull();
        assertThat(owner(HttpMethod.GET, "/api/v1/flowsx")).isNull();
        assertThat(owner(HttpMethod.GET, "/api/v2/tickets")).isNull();
    }

    @Test
    void theTargetKeepsPathAndRawQuery() {
        URI target = ServiceProxy.target(URI.create("http://localhost:8081/"),
                URI.create("http://gateway/api/v1/tickets?status=RUNNING&q=a%20b"));
        assertThat(target).hasToString("http://localhost:8081/api/v1/tickets?status=RUNNING&q=a%20b");
    }
}
