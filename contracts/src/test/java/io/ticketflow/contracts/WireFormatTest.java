package io.ticketflow.contracts;

import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.contracts.command.SubmitWorkItem;
import io.ticketflow.contracts.command.TicketCommand;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketCompleted;
import io.ticketflow.contracts.event.TicketEventBatch;
import io.ticketflow.contracts.event.WorkItemActivated;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WireFormatTest {

    @Test
    void commandEnvelopeReadsTheDocumentedShapeAndItsPayloadByType() {
        String wire = """
                {"commandId":"c-1","type":"SubmitWorkItem","ticketId":"42","actor":"alice",
                 "payload":{"nodeId":"Task_1","data":{"ok":true}},"somethingNew":1}""";
        CommandEnvelope envelope = Json.read(wire.getBytes(StandardCharsets.UTF_8), CommandEnvelope.class);

        TicketCommand command = Json.convert(envelope.payload(), TicketCommand.typeOf(envelope.type()));

        assertThat(envelope.effectiveRole()).isEqualTo(ActorRole.INTEGRATION);
        assertThat(command).isEqualTo(new SubmitWorkItem("Task_1", null, Map.of("ok", true)));
        assertThat(command.type()).isEqualTo("SubmitWorkItem");
    }

    @Test
    void eventsRoundTripWithTheirTypeNameAndIsoInstants() {
        Instant at = Instant.parse("2026-01-02T03:04:05.678Z");
        TicketEventBatch batch = new TicketEventBatch("42", "f", 1, List.of(
                new RecordedEvent(1, at, "system", null,
                        new WorkItemActivated("42-1", "Task_1", "审批", List.of("bob"), List.of("reason"))),
                new RecordedEvent(2, at, "system", null, new TicketCompleted())));

        byte[] bytes = Json.write(batch);
        String text = new String(bytes, StandardCharsets.UTF_8);

        assertThat(text).contains("\"type\":\"WorkItemActivated\"", "\"at\":\"2026-01-02T03:04:05.678Z\"");
        assertThat(Json.read(bytes, TicketEventBatch.class)).isEqualTo(batch);
        assertThat(batch.lastSeq()).isEqualTo(2);
    }

    @Test
    void filesOfASubmitTravelOnlyWhenThereAreSome() {
        var attachment = new io.ticketflow.contracts.event.AttachmentInfo("a1", "log.txt", "text/plain", 3);
        var submitted = new io.ticketflow.contracts.event.WorkItemSubmitted("42-1", "Task_1", Map.of(),
                List.of(attachment));
        var plain = new io.ticketflow.contracts.event.WorkItemSubmitted("42-1", "Task_1", Map.of());

        assertThat(new String(Json.write(plain), StandardCharsets.UTF_8)).doesNotContain("attachments");
        assertThat(new String(Json.write(new SubmitWorkItem("Task_1", null, Map.of())), StandardCharsets.UTF_8))
                .doesNotContain("attachmentIds");
        assertThat(Json.read(Json.write(submitted), io.ticketflow.contracts.event.TicketEvent.class))
                .isEqualTo(submitted);
        assertThat(Json.read(Json.write(plain), io.ticketflow.contracts.event.TicketEvent.class)).isEqualTo(plain);
        SubmitWorkItem withFiles = new SubmitWorkItem(null, "42-1", Map.of(), List.of("a1"));
        assertThat(Json.read(Json.write(withFiles), SubmitWorkItem.class)).isEqualTo(withFiles);
    }
}
