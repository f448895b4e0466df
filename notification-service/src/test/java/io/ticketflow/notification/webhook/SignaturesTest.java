package io.ticketflow.notification.webhook;

import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.WorkItemActivated;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignaturesTest {

    @Test
    void hmacSha256MatchesTheRfc4231TestVector() {
        // RFC 4231, test case 2
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8);

        assertThat(Signatures.hmacSha256Hex("Jefe", data))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertThat(Signatures.header("Jefe", data))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void verificationNeedsTheSameSecretAndTheExactBytes() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String header = Signatures.header("s3cret", body);

        assertThat(Signatures.verify("s3cret", body, header)).isTrue();
        assertThat(Signatures.verify("other", body, header)).isFalse();
        assertThat(Signatures.verify("s3cret", "{\"a\": 1}".getBytes(StandardCharsets.UTF_8), header)).isFalse();
        assertThat(Signatures.verify("s3cret", body, null)).isFalse();
    }

    @Test
    void theDeliveryBodyCarriesTheEventWithItsType() {
        RecordedEvent event = new RecordedEvent(7, Instant.parse("2025-06-17T08:00:00.123Z"), "system", null,
                new WorkItemActivated("d-1", "Task_1", "Approve", List.of("alice"), List.of()));
        Webhook webhook = new Webhook("wh-1", "http://127.0.0.1/x", List.of("*"), "s", Instant.now(), "admin");

        Delivery delivery = DeliveryScheduler.delivery(webhook, "1750146013372477", event, Instant.now());

        assertThat(delivery.id()).isEqualTo("wh-1:1750146013372477:7");
        JsonNode body = Json.MAPPER.readTree(delivery.body());
        assertThat(body.propertyNames()).containsExactly("deliveryId", "webhookId", "ticketId", "seq", "type", "at",
                "actor", "event");
        assertThat(body.get("deliveryId").asString()).isEqualTo("wh-1:1750146013372477:7");
        assertThat(body.get("seq").asLong()).isEqualTo(7);
        assertThat(body.get("type").asString()).isEqualTo("WorkItemActivated");
        assertThat(body.get("at").asString()).isEqualTo("2025-06-17T08:00:00.123Z");
        assertThat(body.get("event").get("type").asString()).isEqualTo("WorkItemActivated");
        assertThat(body.get("event").get("handlers").get(0).asString()).isEqualTo("alice");
    }

    @Test
    void registrationsAreValidatedAllAtOnce() {
        assertThatThrownBy(() -> WebhookController.validate(new WebhookController.Registration("ftp://x", List.of(
                "NoSuchEvent"), " ")))
                .hasMessageContaining("http or https").hasMessageContaining("secret")
                .hasMessageContaining("NoSuchEvent");
        assertThat(WebhookController.validate(new WebhookController.Registration("https://hooks.example.com/t",
                List.of("WorkItemActivated", "TicketCompleted", "WorkItemActivated"), "s")))
                .containsExactly("WorkItemActivated", "TicketCompleted");
        assertThat(WebhookController.EVENT_TYPES).contains("TicketCreated", "WorkItemFailed", "TicketClosed");
    }
}
