package io.ticketflow.variable.store;

import io.ticketflow.variable.state.HistoryEntry;
import io.ticketflow.variable.state.VariableChange;
import io.ticketflow.variable.state.VariableState;
import org.bson.Document;

import java.util.Date;
import java.util.List;

/**
 * The stored shape of a ticket's variables:
 * {@code {_id: ticketId, lastSeq, variables: {...}, history: [{seq, at, actor, nodeId, dataId, source,
 * changes: [{name, oldValue, newValue}]}]}}. Variable names appear as values in {@code changes}, so only the keys
 * of {@code variables} and of nested objects are escaped (see {@link BsonValues}).
 */
final class VariableDocuments {

    static final String ID = "_id";
    static final String LAST_SEQ = "lastSeq";
    static final String VARIABLES = "variables";
    static final String HISTORY = "history";

    private VariableDocuments() {
    }

    static VariableState toState(Document document) {
        List<HistoryEntry> history = document.getList(HISTORY, Document.class, List.of()).stream()
                .map(VariableDocuments::toEntry)
                .toList();
        return new VariableState(BsonValues.fromBson(document.get(VARIABLES, Document.class)),
                document.get(LAST_SEQ, Number.class).longValue(), history);
    }

    static Document toDocument(HistoryEntry entry) {
        return new Document("seq", entry.seq())
                .append("at", entry.at() == null ? null : Date.from(entry.at()))
                .append("actor", entry.actor())
                .append("nodeId", entry.nodeId())
                .append("dataId", entry.dataId())
                .append("source", entry.source())
                .append("changes", entry.changes().stream()
                        .map(change -> new Document("name", change.name())
                                .append("oldValue", BsonValues.toBsonValue(change.oldValue()))
                                .append("newValue", BsonValues.toBsonValue(change.newValue())))
                        .toList());
    }

    private static HistoryEntry toEntry(Document document) {
        Date at = document.getDate("at");
        List<VariableChange> changes = document.getList("changes", Document.class, List.of()).stream()
                .map(change -> new VariableChange(change.getString("name"),
                        BsonValues.fromBsonValue(change.get("oldValue")),
                        BsonValues.fromBsonValue(change.get("newValue"))))
                .toList();
        return new HistoryEntry(document.get("seq", Number.class).longValue(), at == null ? null : at.toInstant(),
                document.getString("actor"), document.getString("nodeId"), document.getString("dataId"),
                document.getString("source"), changes);
    }
}
