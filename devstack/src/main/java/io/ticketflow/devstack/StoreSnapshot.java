package io.ticketflow.devstack;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A store's whole content as journal frames ({@link StoreJournal}): how the journal is compacted and H2 imported. */
final class StoreSnapshot {

    private static final int FRAME = 500;

    private StoreSnapshot() {
    }

    /**
     * Writes everything {@code source} holds as journal frames: per database, each collection (created, so empty
     * ones stay), its indexes (as the commands that make them), then its documents. Works on any mongo-java-server
     * backend through its commands, so it also imports an H2 file.
     */
    static void write(MongoBackend source, Consumer<List<Document>> frames) {
        Channel channel = new EmbeddedChannel();
        try {
            for (String database : names(source.handleCommand(channel, "admin", "listDatabases",
                    new Document("listDatabases", 1)), "databases")) {
                if (database.equals("admin") || database.equals("local") || database.equals("config")) {
                    continue;
                }
                List<Document> structure = new ArrayList<>();
                List<String> collections = firstBatch(source.handleCommand(channel, database, "listCollections",
                        new Document("listCollections", 1))).stream().map(c -> (String) c.get("name"))
                        .filter(c -> !c.startsWith("system.")).toList();
                for (String collection : collections) {
                    structure.add(StoreJournal.command(database, "create", new Document("create", collection)));
                    for (Document index : firstBatch(source.handleCommand(channel, database, "listIndexes",
                            new Document("listIndexes", collection)))) {
                        if ("_id_".equals(index.get("name"))) {
                            continue;
                        }
                        Document spec = new Document(index);
                        spec.remove("v");
                        spec.remove("ns");
                        structure.add(StoreJournal.command(database, "createIndexes",
                                new Document("createIndexes", collection).append("indexes", List.of(spec))));
                    }
                }
                if (!structure.isEmpty()) {
                    frames.accept(structure);
                }
                MongoDatabase db = source.resolveDatabase(database);
                for (String collection : collections) {
                    List<Document> batch = new ArrayList<>();
                    for (Document document : db.resolveCollection(collection, true).queryAll()) {
                        batch.add(StoreJournal.put(database, collection, document));
                        if (batch.size() == FRAME) {
                            frames.accept(batch);
                            batch = new ArrayList<>();
                        }
                    }
                    if (!batch.isEmpty()) {
                        frames.accept(batch);
                    }
                }
            }
        } finally {
            channel.close();
        }
    }

    private static List<String> names(Document answer, String field) {
        @SuppressWarnings("unchecked")
        List<Document> list = (List<Document>) answer.get(field);
        return list.stream().map(d -> (String) d.get("name")).toList();
    }

    @SuppressWarnings("unchecked")
    static List<Document> firstBatch(Document answer) {
        Document cursor = (Document) answer.get("cursor");
        Object id = cursor.get("id");
        if (id instanceof Number number && number.longValue() != 0) {
            throw new IllegalStateException("a listing did not fit in its first batch: " + answer);
        }
        return (List<Document>) cursor.get("firstBatch");
    }
}
