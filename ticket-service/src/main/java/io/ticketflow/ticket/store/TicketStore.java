package io.ticketflow.ticket.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.platform.mongo.GuardIndexes;
import io.ticketflow.ticket.domain.Ticket;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One document per ticket: {@code {_id, version, ticket, events[], commands[], pendingReplies[]}}. Every change is
 * a single atomic update guarded by the version it read, because the embedded MongoDB has no transactions and
 * the event log, the state derived from it and the idempotency marks must never disagree.
 */
@Component
public class TicketStore {

    private final MongoCollection<Document> tickets;

    public TicketStore(MongoClient client, @Value("${spring.mongodb.database}") String database) {
        this.tickets = client.getDatabase(database).getCollection("tickets");
    }

    public Mono<StoredTicket> load(String ticketId) {
        return Mono.from(tickets.find(Filters.eq("_id", ticketId)).projection(Projections.exclude("events")).first())
                .map(TicketStore::toStored);
    }

    public Mono<Ticket> find(String ticketId) {
        return Mono.from(tickets.find(Filters.eq("_id", ticketId)).projection(Projections.include("ticket")).first())
                .map(doc -> Json.MAPPER.convertValue(doc.get("ticket", Document.class), Ticket.class));
    }

    public Flux<RecordedEvent> events(String ticketId) {
        return Mono.from(tickets.find(Filters.eq("_id", ticketId)).projection(Projections.include("events")).first())
                .flatMapIterable(doc -> doc.getList("events", Document.class))
                .map(event -> Json.MAPPER.convertValue(event, RecordedEvent.class));
    }

    /** @return false when a ticket with this id exists already */
    public Mono<Boolean> insert(StoredTicket stored, List<RecordedEvent> events) {
        Document doc = new Document("_id", stored.state().ticketId())
                .append("version", 1L)
                .append("progressSeq", stored.progressSeq())
                .append("progressFirstSeq", stored.progressFirstSeq())
                .append("ticket", toDocument(stored.state()))
                .append("events", toDocuments(events))
                .append("commands", toDocuments(stored.commands()))
                .append("pendingReplies", toDocuments(stored.pendingReplies()));
        return Mono.from(tickets.insertOne(doc)).thenReturn(true)
                .onErrorResume(MongoWriteException.class, e -> e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
                        ? Mono.just(false) : Mono.error(e));
    }

    /** @return false when someone else wrote the ticket since {@code expectedVersion} was read */
    public Mono<Boolean> append(StoredTicket next, long expectedVersion, List<RecordedEvent> events) {
        List<Bson> updates = new ArrayList<>(List.of(
                Updates.set("version", expectedVersion + 1),
                Updates.set("progressSeq", next.progressSeq()),
                Updates.set("progressFirstSeq", next.progressFirstSeq()),
                Updates.set("ticket", toDocument(next.state())),
                Updates.set("commands", toDocuments(next.commands())),
                Updates.set("pendingReplies", toDocuments(next.pendingReplies()))));
        if (!events.isEmpty()) {
            updates.add(Updates.pushEach("events", toDocuments(events)));
        }
        Bson filter = GuardIndexes.guard(next.state().ticketId(), "version", expectedVersion);
        return Mono.from(tickets.updateOne(filter, Updates.combine(updates))).map(r -> r.getModifiedCount() == 1);
    }

    public Flux<Ticket> search(Bson filter, int skip, int limit) {
        return Flux.from(tickets.find(filter).projection(Projections.include("ticket"))
                        .sort(Sorts.descending("_id")).skip(skip).limit(limit))
                .map(doc -> Json.MAPPER.convertValue(doc.get("ticket", Document.class), Ticket.class));
    }

    public Mono<Long> count(Bson filter) {
        return Mono.from(tickets.countDocuments(filter));
    }

    public Mono<Void> createIndexes() {
        return Flux.concat(
                GuardIndexes.ensure(tickets, "version"),
                tickets.createIndex(Indexes.ascending("ticket.status")),
                tickets.createIndex(Indexes.ascending("ticket.flowId")),
                tickets.createIndex(Indexes.ascending("ticket.createdBy")),
                tickets.createIndex(Indexes.ascending("ticket.workItems.handlers")),
                // a user's search (see query.TicketReadAccess); multikey, so real MongoDB serves it from the index
                tickets.createIndex(Indexes.ascending("ticket.participants"))).then();
    }

    private static StoredTicket toStored(Document doc) {
        Ticket ticket = Json.MAPPER.convertValue(doc.get("ticket", Document.class), Ticket.class);
        long version = ((Number) doc.get("version")).longValue();
        List<StoredTicket.CommandMark> commands = doc.getList("commands", Document.class, List.of()).stream()
                .map(d -> Json.MAPPER.convertValue(d, StoredTicket.CommandMark.class)).toList();
        List<StoredTicket.PendingReply> pending = doc.getList("pendingReplies", Document.class, List.of()).stream()
                .map(d -> Json.MAPPER.convertValue(d, StoredTicket.PendingReply.class)).toList();
        return new StoredTicket(ticket, version, longOf(doc, "progressSeq"), longOf(doc, "progressFirstSeq"), commands,
                pending);
    }

    private static long longOf(Document doc, String field) {
        Object value = doc.get(field);
        return value == null ? 0 : ((Number) value).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Document toDocument(Object value) {
        return new Document(Json.MAPPER.convertValue(value, Map.class));
    }

    private static List<Document> toDocuments(List<?> values) {
        return values.stream().map(TicketStore::toDocument).toList();
    }
}
