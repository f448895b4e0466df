package io.ticketflow.platform.testing;

import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory MongoDB-wire server, counting the documents each collection examines to answer queries: one per
 * match when an index answers, every document of the collection when it is scanned. Tests use it to prove a
 * command's reads and writes are index lookups, which no timing could show.
 */
public final class ExaminingBackend extends MemoryBackend {

    private final Map<String, AtomicLong> examined = new ConcurrentHashMap<>();

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
                AtomicLong counter = examined.computeIfAbsent(databaseName + "." + collectionName,
                        name -> new AtomicLong());
                return new MemoryCollection(this, collectionName, options, getCursorRegistry()) {
                    @Override
                    protected boolean documentMatchesQuery(Document document, Document query) {
                        counter.incrementAndGet();
                        return super.documentMatchesQuery(document, query);
                    }
                };
            }
        };
    }

    /** Documents examined in {@code database.collection} since the start or the last {@link #reset}. */
    public long examined(String database, String collection) {
        AtomicLong counter = examined.get(database + "." + collection);
        return counter == null ? 0 : counter.get();
    }

    public void reset() {
        examined.values().forEach(counter -> counter.set(0));
    }
}
