package io.ticketflow.devstack;

import de.bwaldvogel.mongo.bson.Document;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the commands the embedded MongoDB-wire server handles, so a benchmark can report store operations per
 * lifecycle through {@code serverStatus} like it would on a real MongoDB (mongo-java-server answers
 * {@code serverStatus} without {@code opcounters}). One count per wire command (a round trip), not per document.
 */
final class StoreOpCounters {

    private final Map<String, LongAdder> byCommand = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byCollection = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> microsByCollection = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> examinedByCollection = new ConcurrentHashMap<>();

    /** A document of {@code collection} was read to match a query: once per match via an index, all on a scan. */
    void examined(String collection) {
        examinedByCollection.computeIfAbsent(collection, k -> new LongAdder()).increment();
    }

    /** Documents examined to answer queries and updates, by collection: a scan shows as a count that grows. */
    Document examinedByCollection() {
        return document(examinedByCollection);
    }

    /** One command handled in {@code nanos} (its commit included), counted by name and by collection. */
    void count(String command, Document query, long nanos) {
        String name = command.toLowerCase(Locale.ROOT);
        byCommand.computeIfAbsent(name, key -> new LongAdder()).increment();
        String collection = collection(command, query);
        if (collection != null) {
            String key = name + " " + collection;
            byCollection.computeIfAbsent(key, k -> new LongAdder()).increment();
            microsByCollection.computeIfAbsent(key, k -> new LongAdder()).add(nanos / 1000);
        }
    }

    /** find, insert, update, delete, findAndModify, aggregate, count name it as their value; getMore in a field. */
    private static String collection(String command, Document query) {
        Object named = query.get(command);
        if (named instanceof String collection) {
            return collection;
        }
        Object field = query.get("collection");
        return field instanceof String collection ? collection : null;
    }

    /** MongoDB's {@code opcounters} shape: insert, query (find), update, delete, getmore and every other command. */
    Document opcounters() {
        long insert = get("insert");
        long query = get("find");
        long update = get("update");
        long delete = get("delete");
        long getmore = get("getmore");
        long command = sum(byCommand) - insert - query - update - delete - getmore;
        return new Document("insert", insert).append("query", query).append("update", update)
                .append("delete", delete).append("getmore", getmore).append("command", command);
    }

    /** The same counts by command name (lower case), for a finer breakdown than {@code opcounters}. */
    Document byCommand() {
        return document(byCommand);
    }

    /** Counts by command and collection ({@code "find tickets"}), for the commands that name one. */
    Document byCollection() {
        return document(byCollection);
    }

    /** Time spent handling them, in microseconds, by command and collection: where a scan shows first. */
    Document microsByCollection() {
        return document(microsByCollection);
    }

    private long get(String command) {
        LongAdder adder = byCommand.get(command);
        return adder == null ? 0 : adder.sum();
    }

    private static long sum(Map<String, LongAdder> counts) {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static Document document(Map<String, LongAdder> counts) {
        Document document = new Document();
        new TreeMap<>(counts).forEach((name, count) -> document.append(name, count.sum()));
        return document;
    }
}
