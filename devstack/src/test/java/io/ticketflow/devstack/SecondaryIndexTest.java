package io.ticketflow.devstack;

import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded store's non-unique indexes never change an answer, only its cost: the same queries, updates and
 * deletes on a collection with the indexes and on a twin without give the same documents in the same order, while
 * the indexed one examines only the candidates its keys name.
 */
class SecondaryIndexTest extends StoreCommands {

    private static final List<String> STATUSES = List.of("OPEN", "RUNNING", "COMPLETED", "CLOSED");
    private static final List<String> USERS = List.of("ann", "bob", "cai", "dan", "eve");

    private final Random random = new Random(20261202);

    @Test
    void indexedAndUnindexedCollectionsAnswerEveryQueryAlikeThroughWritesAndAReopen() throws IOException {
        Path file = dir.resolve("store.journal");
        backend = JournaledMemoryBackend.open(file);
        for (String index : List.of("status", "ticket.status", "tags", "owner")) {
            command("createIndexes", new Document("createIndexes", "indexed").append("indexes",
                    List.of(new Document("key", new Document(index, 1)).append("name", index + "_1"))));
        }
        command("createIndexes", new Document("createIndexes", "indexed").append("indexes", List.of(new Document(
                "key", new Document("owner", 1).append("status", -1)).append("name", "owner_status"))));
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            documents.add(randomDocument(i));
        }
        insert("indexed", documents);
        insert("plain", documents);

        compareQueries(200);
        for (int round = 0; round < 150; round++) {
            Document filter = randomQuery();
            boolean multi = random.nextBoolean();
            Document update = new Document("$set", new Document("status", pick(STATUSES))
                    .append("ticket.status", pick(STATUSES)).append("tags", randomTags()));
            for (String collection : List.of("indexed", "plain")) {
                command("update", new Document("update", collection).append("updates", List.of(new Document("q",
                        filter).append("u", update).append("multi", multi))));
            }
            if (round % 10 == 0) {
                Document doomed = randomQuery();
                for (String collection : List.of("indexed", "plain")) {
                    command("delete", new Document("delete", collection).append("deletes",
                            List.of(new Document("q", doomed).append("limit", 1))));
                }
                Document added = randomDocument(1000 + round);
                insert("indexed", List.of(added));
                insert("plain", List.of(added));
            }
        }
        compareQueries(200);

        backend.close();
        backend = JournaledMemoryBackend.open(file);
        compareQueries(100);
    }

    @Test
    void aQueryOnIndexedKeysExaminesItsCandidatesOnly() throws IOException {
        backend = JournaledMemoryBackend.open(dir.resolve("store.journal"));
        command("createIndexes", new Document("createIndexes", "indexed").append("indexes",
                List.of(new Document("key", new Document("status", 1)).append("name", "status_1"))));
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            documents.add(new Document("_id", i).append("status", i % 40 == 0 ? "OPEN" : "CLOSED"));
        }
        insert("indexed", documents);
        insert("plain", documents);

        long before = examined("indexed");
        assertThat(find("indexed", new Document("status", "OPEN"))).hasSize(10);
        assertThat(examined("indexed") - before).isEqualTo(10);

        before = examined("plain");
        assertThat(find("plain", new Document("status", "OPEN"))).hasSize(10);
        assertThat(examined("plain") - before).isEqualTo(400);

        // a count (the driver's countDocuments: an aggregation starting with $match) reads the candidates only
        before = examined("indexed");
        Document counted = backend.handleCommand(channel, "ticketflow", "aggregate", new Document("aggregate",
                "indexed").append("pipeline", List.of(new Document("$match", new Document("$and", List.of(
                        new Document("status", "OPEN"), new Document("_id", new Document("$gt", 100))))),
                new Document("$group", new Document("_id", 1).append("n", new Document("$sum", 1)))))
                .append("cursor", new Document()).append("$db", "ticketflow"));
        assertThat(counted.toString()).contains("\"n\" : 7");
        assertThat(examined("indexed") - before).isEqualTo(10);

        // keys follow updates and deletes: the old key no longer names the document
        command("update", new Document("update", "indexed").append("updates", List.of(new Document("q",
                new Document("status", "OPEN")).append("u", new Document("$set", new Document("status", "DONE")))
                .append("multi", true))));
        command("delete", new Document("delete", "indexed").append("deletes", List.of(
                new Document("q", new Document("_id", 40)).append("limit", 1))));
        before = examined("indexed");
        assertThat(find("indexed", new Document("status", "OPEN"))).isEmpty();
        assertThat(find("indexed", new Document("status", "DONE"))).hasSize(9);
        assertThat(examined("indexed") - before).isEqualTo(9);

        // a condition the index cannot answer (a range) scans, as before
        before = examined("indexed");
        find("indexed", new Document("status", new Document("$gt", "A")));
        assertThat(examined("indexed") - before).isEqualTo(399);
    }

    @Test
    void aCompoundIndexAnswersAQueryOnItsLeadingKeys() throws IOException {
        backend = JournaledMemoryBackend.open(dir.resolve("store.journal"));
        // the inbox's index: a user's notifications, newest first
        command("createIndexes", new Document("createIndexes", "inbox").append("indexes", List.of(new Document("key",
                new Document("userId", 1).append("at", -1)).append("name", "inbox"))));
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            documents.add(new Document("_id", i).append("userId", USERS.get(i % USERS.size())).append("at", i)
                    .append("read", i % 2 == 0));
        }
        insert("inbox", documents);
        command("delete", new Document("delete", "inbox").append("deletes", List.of(
                new Document("q", new Document("_id", 5)).append("limit", 1))));

        long before = examined("inbox");
        List<Document> unread = find("inbox", new Document("$and", List.of(new Document("userId", "ann"),
                new Document("read", false))));
        assertThat(unread).hasSize(29); // ann's are the multiples of 5 (id 5 deleted), unread the odd ones
        assertThat(find("inbox", new Document("userId", "ann"))).hasSize(59);
        assertThat(find("inbox", new Document("userId", "bob").append("at", 6))).hasSize(1);
        assertThat(examined("inbox") - before).isEqualTo(59 + 59 + 1);
    }

    private void compareQueries(int count) {
        for (int i = 0; i < count; i++) {
            Document query = randomQuery();
            assertThat(find("indexed", query)).as("query %s", query).isEqualTo(find("plain", query));
        }
    }

    private Document randomQuery() {
        Document query = new Document();
        switch (random.nextInt(9)) {
            case 0 -> query.append("status", pick(STATUSES));
            case 1 -> query.append("ticket.status", new Document("$eq", pick(STATUSES)));
            case 2 -> query.append("tags", pick(USERS));
            case 3 -> query.append("owner", new Document("$in", List.of(pick(USERS), pick(USERS))));
            case 4 -> query.append("owner", pick(USERS)).append("status", pick(STATUSES));
            case 5 -> query.append("$and", List.of(new Document("owner", pick(USERS)),
                    new Document("n", new Document("$gte", random.nextInt(300)))));
            case 6 -> query.append("status", pick(STATUSES)).append("n", new Document("$lt", random.nextInt(300)));
            case 7 -> query.append("$or", List.of(new Document("status", pick(STATUSES)),
                    new Document("owner", pick(USERS))));
            default -> query.append("tags", new Document("$in", List.of(pick(USERS), pick(USERS))))
                    .append("ticket.status", pick(STATUSES));
        }
        return query;
    }

    private Document randomDocument(int n) {
        Document document = new Document("_id", "d-" + n).append("n", n);
        if (random.nextInt(10) > 0) {
            document.append("status", pick(STATUSES));
        }
        if (random.nextInt(10) > 0) {
            document.append("owner", pick(USERS));
        }
        document.append("ticket", new Document("status", pick(STATUSES)));
        document.append("tags", randomTags());
        return document;
    }

    private List<String> randomTags() {
        List<String> tags = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            tags.add(pick(USERS));
        }
        return tags;
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private void insert(String collection, List<Document> documents) {
        List<Document> copies = documents.stream().map(Document::cloneDeeply).toList();
        command("insert", new Document("insert", collection).append("documents", copies));
    }

    private long examined(String collection) {
        Document status = backend.handleCommand(channel, "admin", "serverStatus", new Document("serverStatus", 1));
        Object count = ((Document) status.get("ticketflowDocumentsExaminedByCollection")).get(collection);
        return count == null ? 0 : ((Number) count).longValue();
    }
}
