package io.ticketflow.ticket.store;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.ticketflow.platform.messaging.TicketIds;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Instant;

/**
 * The data_no given to a create that arrived without one (an external Kafka producer), remembered by commandId:
 * a redelivered or republished create finds the ticket it made instead of opening a second one.
 */
@Component
public class CreateTicketIds {

    private final MongoCollection<Document> ids;

    public CreateTicketIds(MongoClient client, @Value("${spring.mongodb.database}") String database) {
        this.ids = client.getDatabase(database).getCollection("createCommands");
    }

    public Mono<String> ticketIdFor(String commandId) {
        return Mono.defer(() -> Mono.from(ids.findOneAndUpdate(Filters.eq("_id", commandId),
                        Updates.combine(Updates.setOnInsert("ticketId", TicketIds.next()),
                                Updates.setOnInsert("at", Instant.now().toString())),
                        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER))))
                // Two copies of one create racing to upsert: the loser finds the winner's document on a retry.
                .retry(1)
                .map(doc -> doc.getString("ticketId"));
    }
}
