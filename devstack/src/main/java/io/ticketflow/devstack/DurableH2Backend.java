package io.ticketflow.devstack;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import io.netty.channel.Channel;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The H2 backend commits its store only every second by default, so a write acknowledged to a service could be
 * lost if the process is killed in that second. Committing before a write is answered makes every acknowledged
 * write survive {@code kill -9} (the OS keeps what was written; a power loss is out of scope for a dev stack).
 * It also counts the commands it handles and reports them in {@code serverStatus} ({@code opcounters}, and
 * {@code ticketflowCommands} / {@code ticketflowCommandsByCollection} by name, and the time they took,
 * {@code ticketflowCommandMicrosByCollection}), so {@code bench/} can show store operations per lifecycle.
 * <p>
 * A commit must also never see a write half done: mongo-java-server updates a document's indexes before the
 * document itself, so a commit in between (H2's own background auto-commit, or the commit after another
 * connection's write) persists a unique index entry no document owns, e.g. the guard {@code (_id, lastSeq)} at
 * the new seq with the document still at the old one. After a kill every guarded write of that document then
 * fails with a duplicate key, which the services read as a concurrent writer and retry forever (the cause of a
 * CrashRecoveryE2ETest failure). So H2 never commits on its own, and a commit waits until no write is under way:
 * writes run side by side (each holds the shared side of a lock), a commit takes it exclusively. A writer commits
 * after its write, so it is answered only once its write is stored; writers that finish together share one
 * commit (the others find nothing left to store).
 */
final class DurableH2Backend extends H2Backend {

    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "createindexes",
            "drop", "dropdatabase", "dropindexes", "create", "renamecollection");

    /** Set after the super constructor, which already opens the stored databases: see {@link #counted}. */
    private final StoreOpCounters counters = new StoreOpCounters();
    private final ReentrantReadWriteLock writesAndCommits = new ReentrantReadWriteLock();

    DurableH2Backend(String fileName) {
        super(new MVStore.Builder().fileName(fileName).autoCommitDisabled().open());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        long start = System.nanoTime();
        try {
            if (!WRITES.contains(command.toLowerCase(Locale.ROOT))) {
                return super.handleCommand(channel, databaseName, command, query);
            }
            writesAndCommits.readLock().lock();
            try {
                return super.handleCommand(channel, databaseName, command, query);
            } finally {
                writesAndCommits.readLock().unlock();
                // also after a failed write: a multi-document write may have applied some of its documents
                commitWholeWrites();
            }
        } finally {
            counters.count(command, query, System.nanoTime() - start);
        }
    }

    private void commitWholeWrites() {
        writesAndCommits.writeLock().lock();
        try {
            commit();
        } finally {
            writesAndCommits.writeLock().unlock();
        }
    }

    /** The counters, or null while the super constructor opens the databases already stored. */
    private StoreOpCounters counted() {
        return counters;
    }

    /**
     * The H2 backend's own database, whose collections also count the documents they examine to match a query
     * ({@code ticketflowDocumentsExaminedByCollection}): one per match through an index, the whole collection on
     * a scan. The maps are named exactly as {@link H2Database} names them (mongo-java-server 1.47), so data
     * written before this override reads the same.
     */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new H2Database(databaseName, getMvStore(), getCursorRegistry()) {
            @Override
            protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
                String fullName = databaseName + "." + collectionName;
                MVMap<Object, de.bwaldvogel.mongo.bson.Document> data = getMvStore().openMap("databases." + fullName);
                MVMap<String, Object> meta = getMvStore().openMap("meta." + fullName);
                return new H2Collection(this, collectionName, options, data, meta, getCursorRegistry()) {
                    @Override
                    protected boolean documentMatchesQuery(Document document, Document query) {
                        StoreOpCounters counting = counted();
                        if (counting != null) {
                            counting.examined(collectionName);
                        }
                        return super.documentMatchesQuery(document, query);
                    }
                };
            }
        };
    }

    @Override
    public Document getServerStatus() {
        Document status = super.getServerStatus();
        status.put("opcounters", counters.opcounters());
        status.put("ticketflowCommands", counters.byCommand());
        status.put("ticketflowCommandsByCollection", counters.byCollection());
        status.put("ticketflowCommandMicrosByCollection", counters.microsByCollection());
        status.put("ticketflowDocumentsExaminedByCollection", counters.examinedByCollection());
        return status;
    }
}
