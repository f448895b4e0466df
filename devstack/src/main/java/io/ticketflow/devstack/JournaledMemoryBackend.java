package io.ticketflow.devstack;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The embedded stack's store: mongo-java-server's in-memory backend, made durable by a journal of every write's
 * effects ({@link StoreJournal}), replayed when the store opens. It replaces the H2 file backend, whose commit
 * (a new chunk, Java serialization of whole pages) cost about a millisecond per write and was the largest item in
 * the benchmark's profile; appending a write's documents to a file costs a few microseconds.
 * <p>
 * What it keeps:
 * <ul>
 * <li><b>Every acknowledged write survives {@code kill -9}:</b> a write command's effects (each document it
 *   inserted or changed, whole, and each id it removed; index and collection changes as the command itself) are
 *   appended as one frame before it is answered.</li>
 * <li><b>No write is seen half done:</b> write commands run one at a time and hold the lock exclusively until their
 *   frame is written; reads share it. So no reader acts on a write that a crash could still take back, and the
 *   journal's order is the order writes were applied.</li>
 * <li><b>Bounded file:</b> the journal is rewritten as a snapshot of the live data when it has grown well past
 *   it (at open, and while running), through a new file moved over the old one.</li>
 * <li><b>Non-unique indexes</b>, which mongo-java-server ignores, so listing queries need not scan
 *   ({@link SecondaryIndex}).</li>
 * <li><b>Counters</b> for {@code bench/}: commands by name and collection, time, documents examined
 *   ({@link StoreOpCounters}, reported in {@code serverStatus}).</li>
 * </ul>
 * The data lives on the heap: the dev stack is for development and the benchmark, production runs MongoDB.
 */
final class JournaledMemoryBackend extends MemoryBackend {

    private static final Logger log = LoggerFactory.getLogger(JournaledMemoryBackend.class);

    /** Commands that change data or its structure; everything else only reads. */
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "createindexes",
            "drop", "dropdatabase", "dropindexes", "create", "renamecollection");
    /** Commands whose effect is structure, not documents: journaled as the command itself, replayed by running it. */
    private static final Set<String> STRUCTURAL = Set.of("createindexes", "drop", "dropdatabase", "dropindexes",
            "create", "renamecollection");
    /** Compact when the journal is this many times the size of the last snapshot, and at least {@link #MIN_COMPACT}. */
    private static final int GROWTH_FACTOR = 4;
    private static final long MIN_COMPACT = 64L * 1024 * 1024;

    private final StoreOpCounters counters = new StoreOpCounters();
    /** The aggregation running on this thread starts with this {@code $match} (see {@link LeadingMatch}). */
    private final ThreadLocal<LeadingMatch> leadingMatch = new ThreadLocal<>();
    /** Set while this thread writes a snapshot: its reads (like the replay's) are the store's own, not counted. */
    private final ThreadLocal<Boolean> snapshotting = ThreadLocal.withInitial(() -> false);
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** The effects of the write command running now; guarded by the write lock. */
    private final List<Document> pending = new ArrayList<>();
    private final Channel replayChannel = new EmbeddedChannel();
    private final StoreJournal journal;
    private boolean replaying;
    private volatile Exception failed;
    private final Object compaction = new Object();
    private volatile long snapshotSize;

    private JournaledMemoryBackend(Path file) throws IOException {
        replaying = true;
        long[] entries = {0};
        this.journal = StoreJournal.open(file, frame -> entries[0] += replay(frame));
        long documents = liveDocuments();
        replaying = false;
        log.info("store opened from {}: {} writes replayed, {} documents, journal {} KiB", file, entries[0], documents,
                journal.size() / 1024);
        if (entries[0] > 2 * documents + 1000) {
            compact();
        } else {
            snapshotSize = journal.size();
        }
    }

    /** Opens the store kept in {@code file}, replaying it. */
    static JournaledMemoryBackend open(Path file) throws IOException {
        return new JournaledMemoryBackend(file);
    }

    /** Opens the store in {@code file}, first filled with everything {@code source} holds (a one-time import). */
    static JournaledMemoryBackend importing(Path file, MongoBackend source) throws IOException {
        try (StoreJournal fresh = StoreJournal.open(file, frame -> {
            throw new IllegalStateException("the store journal " + file + " to import into is not empty");
        })) {
            fresh.rewrite(frames -> StoreSnapshot.write(source, frames));
        }
        return open(file);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        long start = System.nanoTime();
        String name = command.toLowerCase(Locale.ROOT);
        try {
            if (!WRITES.contains(name)) {
                lock.readLock().lock();
                try {
                    leadingMatch.set(name.equals("aggregate") ? LeadingMatch.of(query) : null);
                    return super.handleCommand(channel, databaseName, command, query);
                } finally {
                    leadingMatch.remove();
                    lock.readLock().unlock();
                }
            }
            return write(channel, databaseName, command, name, query);
        } finally {
            if (!snapshotting.get()) {
                counters.count(command, query, System.nanoTime() - start);
            }
        }
    }

    private Document write(Channel channel, String databaseName, String command, String name, Document query) {
        Document answer;
        lock.writeLock().lock();
        try {
            if (failed != null) {
                throw new MongoServerException("the store cannot write its journal: " + failed.getMessage());
            }
            answer = null;
            try {
                answer = super.handleCommand(channel, databaseName, command, query);
            } finally {
                // also after a failed command: a multi-document write may have applied some of its documents
                if (answer != null && STRUCTURAL.contains(name) && isOk(answer)) {
                    pending.add(0, StoreJournal.command(databaseName, command, replayable(query)));
                }
                flush();
            }
        } finally {
            lock.writeLock().unlock();
        }
        // outside the write lock: a compaction takes the read side, and only when the journal outgrew the data
        if (journal.size() > Math.max(MIN_COMPACT, GROWTH_FACTOR * snapshotSize)) {
            compactQuietly();
        }
        return answer;
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            journal.append(pending);
        } catch (UncheckedIOException e) {
            // memory now holds a write the file does not: refuse every later write rather than lose them silently
            failed = e;
            log.error("store journal write failed; the store refuses writes from now on", e);
            throw new MongoServerException("the store cannot write its journal: " + e.getMessage());
        } finally {
            pending.clear();
        }
    }

    /** A document was inserted or changed (whole, as it is now). */
    private void put(MongoCollection<?> collection, Document document) {
        effect(collection, StoreJournal.put(collection.getDatabaseName(), collection.getCollectionName(), document));
    }

    private void removed(MongoCollection<?> collection, Object id) {
        effect(collection, StoreJournal.removed(collection.getDatabaseName(), collection.getCollectionName(), id));
    }

    private void effect(MongoCollection<?> collection, Document entry) {
        if (replaying || collection.getCollectionName().startsWith("system.")) {
            return; // index definitions are journaled as the commands that made them
        }
        if (lock.isWriteLockedByCurrentThread()) {
            pending.add(entry);
            return;
        }
        // a write outside the commands above (none known): journal it at once rather than lose it
        log.warn("store write outside a write command, journaled on its own: {}", entry.get("o"));
        journal.append(List.of(entry));
    }

    private long replay(Document frame) {
        @SuppressWarnings("unchecked")
        List<Document> entries = (List<Document>) frame.get("e");
        for (Document entry : entries) {
            String database = (String) entry.get("d");
            switch ((String) entry.get("o")) {
                case "c" -> {
                    Document answer = super.handleCommand(replayChannel, database, (String) entry.get("n"),
                            (Document) entry.get("q"));
                    if (!isOk(answer)) {
                        log.warn("replaying {} on {} answered {}", entry.get("n"), database, answer);
                    }
                }
                case "p" -> {
                    Document document = (Document) entry.get("v");
                    MongoCollection<?> collection = collection(database, (String) entry.get("c"));
                    collection.deleteDocuments(new Document("_id", document.get("_id")), 1);
                    collection.addDocument(document);
                }
                case "r" -> collection(database, (String) entry.get("c"))
                        .deleteDocuments(new Document("_id", entry.get("i")), 1);
                default -> throw new IllegalStateException("unknown store journal entry " + entry);
            }
        }
        return entries.size();
    }

    private MongoCollection<?> collection(String database, String name) {
        return ((JournaledDatabase) resolveDatabase(database)).collection(name);
    }

    private void compactQuietly() {
        synchronized (compaction) {
            if (journal.size() <= Math.max(MIN_COMPACT, GROWTH_FACTOR * snapshotSize)) {
                return; // another writer compacted it just now
            }
            try {
                compact();
            } catch (IOException | RuntimeException e) {
                log.warn("store journal compaction failed; the journal goes on growing and is tried again later", e);
                snapshotSize = journal.size();
            }
        }
    }

    /** Rewrites the journal as a snapshot of the live data; writes wait, reads go on. */
    private void compact() throws IOException {
        lock.readLock().lock();
        try {
            long before = journal.size();
            long start = System.nanoTime();
            snapshotting.set(true);
            try {
                journal.rewrite(frames -> StoreSnapshot.write(this, frames));
            } finally {
                snapshotting.remove();
            }
            snapshotSize = journal.size();
            log.info("store journal compacted: {} KiB -> {} KiB in {} ms", before / 1024, snapshotSize / 1024,
                    (System.nanoTime() - start) / 1_000_000);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The command as it can run again: without the session and cluster fields a driver adds. */
    private static Document replayable(Document query) {
        Document copy = new Document();
        query.forEach((key, value) -> {
            if (!key.startsWith("$") && !key.equals("lsid") && !key.equals("txnNumber")) {
                copy.put(key, value);
            }
        });
        return copy;
    }

    private static boolean isOk(Document answer) {
        return answer.get("ok") instanceof Number ok && ok.doubleValue() == 1.0;
    }

    private long liveDocuments() {
        long count = 0;
        for (String database : listDatabaseNames()) {
            MongoDatabase db = resolveDatabase(database);
            Document listed = super.handleCommand(replayChannel, database, "listCollections",
                    new Document("listCollections", 1));
            for (Document collection : StoreSnapshot.firstBatch(listed)) {
                String name = (String) collection.get("name");
                if (!name.startsWith("system.")) {
                    count += db.resolveCollection(name, true).count();
                }
            }
        }
        return count;
    }

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new JournaledDatabase(databaseName);
    }

    @Override
    public Document getServerStatus() {
        Document status = super.getServerStatus();
        status.put("opcounters", counters.opcounters());
        status.put("ticketflowCommands", counters.byCommand());
        status.put("ticketflowCommandsByCollection", counters.byCollection());
        status.put("ticketflowCommandMicrosByCollection", counters.microsByCollection());
        status.put("ticketflowDocumentsExaminedByCollection", counters.examinedByCollection());
        status.put("ticketflowJournalBytes", journal.size());
        return status;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            super.close();
            journal.close();
            replayChannel.close();
        } catch (IOException e) {
            log.warn("closing the store journal failed", e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A database whose collections journal their effects and count the documents they examine. */
    private final class JournaledDatabase extends MemoryDatabase {

        JournaledDatabase(String name) {
            super(name, getCursorRegistry());
        }

        MongoCollection<Integer> collection(String name) {
            return resolveOrCreateCollection(name);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new JournaledCollection(this, collectionName, options);
        }

        /** mongo-java-server ignores non-unique indexes; this store keeps them ({@link SecondaryIndex}). */
        @Override
        protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName,
                                                            List<IndexKey> keys, boolean sparse) {
            return new SecondaryIndex(collectionName, indexName, keys, sparse);
        }
    }

    private final class JournaledCollection extends MemoryCollection {

        JournaledCollection(MemoryDatabase database, String name, CollectionOptions options) {
            super(database, name, options, getCursorRegistry());
        }

        @Override
        protected Integer addDocumentInternal(Document document) {
            Integer position = super.addDocumentInternal(document);
            put(this, document);
            return position;
        }

        @Override
        protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
            super.handleUpdate(position, oldDocument, newDocument);
            put(this, newDocument);
        }

        @Override
        protected void removeDocument(Integer position) {
            Object id = getDocument(position).get("_id");
            super.removeDocument(position);
            removed(this, id);
        }

        @Override
        protected boolean documentMatchesQuery(Document document, Document query) {
            if (!replaying && !snapshotting.get()) {
                counters.examined(getCollectionName());
            }
            return super.documentMatchesQuery(document, query);
        }

        /**
         * mongo-java-server runs an aggregation over every document of its collection, so a driver's
         * {@code countDocuments(filter)} (an aggregation starting with {@code $match}) scanned the collection.
         * The pipeline's own {@code $match} filters again, so starting from the documents the match selects
         * (through an index where one answers it) changes the cost, never the result. Used once per aggregation,
         * for its own collection only: a {@code $lookup} reads its collection whole, as before.
         */
        @Override
        public java.util.stream.Stream<Document> queryAllAsStream() {
            LeadingMatch match = leadingMatch.get();
            if (match != null && match.collection().equals(getCollectionName())) {
                leadingMatch.remove();
                return handleQueryAsStream(match.filter());
            }
            return super.queryAllAsStream();
        }
    }

    /** The collection an aggregation reads and the filter of its first stage, when that stage is a {@code $match}. */
    private record LeadingMatch(String collection, Document filter) {

        static LeadingMatch of(Document command) {
            if (command.get("aggregate") instanceof String collection
                    && command.get("pipeline") instanceof List<?> stages && !stages.isEmpty() && stages.get(0) instanceof Document first && first.size() == 1
                    && first.get("$match") instanceof Document filter && plainFilter(filter)) {
                return new LeadingMatch(collection, filter);
            }
            return null;
        }

        /** A filter {@code find} reads alike: fields and {@code $and} only ({@code query} would read as a wrapper). */
        private static boolean plainFilter(Document filter) {
            return filter.keySet().stream().allMatch(key -> key.equals("$and")
                    || !key.startsWith("$") && !key.equals("query"));
        }
    }
}
