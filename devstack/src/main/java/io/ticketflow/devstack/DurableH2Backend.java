package io.ticketflow.devstack;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

import java.util.Locale;
import java.util.Set;

/**
 * The H2 backend commits its store only every second by default, so a write acknowledged to a service could be
 * lost if the process is killed in that second. Committing before a write is answered makes every acknowledged
 * write survive {@code kill -9} (the OS keeps what was written; a power loss is out of scope for a dev stack).
 * It also counts the commands it handles and reports them in {@code serverStatus} ({@code opcounters}, and
 * {@code ticketflowCommands} / {@code ticketflowCommandsByCollection} by name, and the time they took,
 * {@code ticketflowCommandMicrosByCollection}), so {@code bench/} can show store operations per lifecycle.
 */
final class DurableH2Backend extends H2Backend {

    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "createindexes",
            "drop", "dropdatabase", "dropindexes", "create", "renamecollection");

    private final StoreOpCounters counters = new StoreOpCounters();

    DurableH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        long start = System.nanoTime();
        try {
            Document result = super.handleCommand(channel, databaseName, command, query);
            if (WRITES.contains(command.toLowerCase(Locale.ROOT))) {
                commit();
            }
            return result;
        } finally {
            counters.count(command, query, System.nanoTime() - start);
        }
    }

    @Override
    public Document getServerStatus() {
        Document status = super.getServerStatus();
        status.put("opcounters", counters.opcounters());
        status.put("ticketflowCommands", counters.byCommand());
        status.put("ticketflowCommandsByCollection", counters.byCollection());
        status.put("ticketflowCommandMicrosByCollection", counters.microsByCollection());
        return status;
    }
}
