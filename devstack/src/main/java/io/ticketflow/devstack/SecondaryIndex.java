package io.ticketflow.devstack;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A non-unique index for the embedded store, which mongo-java-server leaves out ("adding secondary index … is not
 * yet implemented. ignoring"): without it every listing query (tickets by status, a user's notifications, due
 * deliveries) scans its whole collection, so the embedded stack slows down as it fills while MongoDB would not.
 * <p>
 * It answers a query that names the index's first keys with an equality ({@code value}, {@code {$eq: value}}, or
 * {@code {$in: [...]}} on the first key), at the top of the query or inside a top-level {@code $and}. It hands
 * out the documents stored under those keys, a superset of the matches: mongo-java-server matches each candidate
 * against the whole query, so an index can make a query cheaper but never change its answer. Anything else (ranges,
 * {@code null}, arrays, sub-documents, regular expressions, {@code $or}) is left to a scan. A field holding arrays of
 * arrays cannot be keyed by element here, so an index that meets one stops answering queries (and says so once).
 */
final class SecondaryIndex extends Index<Integer> {

    private static final Logger log = LoggerFactory.getLogger(SecondaryIndex.class);
    /** Where a document with an empty array under the key is kept: every document must be found again to be removed. */
    private static final KeyValue EMPTY = new KeyValue(Marker.EMPTY_ARRAY);

    private enum Marker { EMPTY_ARRAY }

    private final String collection;
    /**
     * Key → (the document's _id → its position), for the whole key and, on a compound index, for each of its
     * leading parts too (they differ in length, so they never meet a whole key), so a query naming only the first
     * keys is answered as MongoDB would answer it.
     */
    private final Map<KeyValue, Map<Object, Integer>> entries = new HashMap<>();
    private long count;
    private boolean unusable;

    SecondaryIndex(String collection, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.collection = collection;
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return !unusable && queriedKeys(query) != null;
    }

    @Override
    public synchronized Iterable<Integer> getPositions(Document query) {
        List<KeyValue> keys = queriedKeys(query);
        TreeSet<Integer> positions = new TreeSet<>(); // natural order, as a scan would return them
        if (keys != null) {
            for (KeyValue key : keys) {
                Map<Object, Integer> documents = entries.get(key);
                if (documents != null) {
                    positions.addAll(documents.values());
                }
            }
        }
        return positions;
    }

    /**
     * The keys whose documents hold every match of {@code query}, or null when this index cannot tell: the
     * equalities on the index's leading keys, as many as the query names in a row ({@code $in} only on the first).
     */
    private List<KeyValue> queriedKeys(Document query) {
        List<Object> values = new ArrayList<>();
        for (String key : keys()) {
            Object condition = condition(query, key);
            if (condition instanceof In in) {
                if (values.isEmpty()) {
                    return in.values().stream().map(value -> new KeyValue(value).normalized()).toList();
                }
                break;
            }
            if (condition == null) {
                break;
            }
            values.add(condition);
        }
        return values.isEmpty() ? null : List.of(new KeyValue(values).normalized());
    }

    private record In(List<Object> values) {
    }

    /** The equality {@code query} puts on {@code key} (an {@link In} for {@code $in}), or null if none usable. */
    private static Object condition(Document query, String key) {
        Object value = query.get(key);
        if (value != null) {
            return equality(value);
        }
        if (query.get("$and") instanceof List<?> all) {
            for (Object part : all) {
                if (part instanceof Document document) {
                    Object condition = condition(document, key);
                    if (condition != null) {
                        return condition;
                    }
                }
            }
        }
        return null;
    }

    private static Object equality(Object value) {
        if (value instanceof Document document) {
            if (document.size() != 1) {
                return null;
            }
            if (document.get("$eq") != null) {
                return plain(document.get("$eq"));
            }
            if (document.get("$in") instanceof Collection<?> values) {
                List<Object> plain = new ArrayList<>();
                for (Object element : values) {
                    if (plain(element) == null) {
                        return null;
                    }
                    plain.add(element);
                }
                return new In(plain);
            }
            return null;
        }
        return plain(value);
    }

    /** A value an index key can be looked up by: not null, an array, a sub-document or a pattern. */
    private static Object plain(Object value) {
        if (value == null || value instanceof Collection || value instanceof Document || value instanceof Map
                || value instanceof BsonRegularExpression || value.getClass().isArray()) {
            return null;
        }
        return value;
    }

    @Override
    public synchronized void add(Document document, Integer position, MongoCollection<Integer> owner) {
        if (isSparse() && noValue(document)) {
            return;
        }
        Object id = document.get("_id");
        for (KeyValue key : keysOf(document)) {
            if (key.stream().anyMatch(value -> value instanceof Collection)) {
                if (!unusable) {
                    unusable = true;
                    log.info("index {} on {}: a document holds arrays of arrays under {}; queries on it now scan",
                            getName(), collection, keys());
                }
            }
            for (KeyValue part : withLeadingParts(key)) {
                if (entries.computeIfAbsent(part, k -> new HashMap<>()).put(id, position) == null
                        && part.size() == key.size()) {
                    count++;
                }
            }
        }
    }

    @Override
    public synchronized Integer remove(Document document) {
        if (isSparse() && noValue(document)) {
            return null;
        }
        Object id = document.get("_id");
        Integer removed = null;
        for (KeyValue key : keysOf(document)) {
            for (KeyValue part : withLeadingParts(key)) {
                Map<Object, Integer> documents = entries.get(part);
                if (documents == null) {
                    continue;
                }
                Integer position = documents.remove(id);
                if (position != null && part.size() == key.size()) {
                    removed = position;
                    count--;
                }
                if (documents.isEmpty()) {
                    entries.remove(part);
                }
            }
        }
        return removed;
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Integer position,
                              MongoCollection<Integer> owner) {
        if (!nullAwareEqualsKeys(oldDocument, newDocument)) {
            remove(oldDocument);
            add(newDocument, position, owner);
        }
    }

    /** The key and, on a compound index, its leading parts: (a, b, c) → (a), (a, b), (a, b, c). */
    private List<KeyValue> withLeadingParts(KeyValue key) {
        if (key.size() == 1 || key == EMPTY) {
            return List.of(key);
        }
        List<Object> values = key.stream().toList();
        List<KeyValue> parts = new ArrayList<>(values.size());
        for (int length = 1; length <= values.size(); length++) {
            parts.add(new KeyValue(new ArrayList<>(values.subList(0, length))));
        }
        return parts;
    }

    private Set<KeyValue> keysOf(Document document) {
        Set<KeyValue> keys = getKeyValues(document);
        return keys.isEmpty() ? Set.of(EMPTY) : keys;
    }

    private boolean noValue(Document document) {
        Set<KeyValue> keys = getKeyValues(document);
        return keys.stream().allMatch(key -> key.stream().allMatch(value -> value == null));
    }

    /** Not unique: the position of a document is never looked up through this index. */
    @Override
    public Integer getPosition(Document document) {
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Integer> owner) {
        // not unique: nothing to refuse
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Integer> owner) {
        // not unique: nothing to refuse
    }

    @Override
    public synchronized long getCount() {
        return count;
    }

    @Override
    public long getDataSize() {
        return 0;
    }

    @Override
    public synchronized void drop() {
        entries.clear();
        count = 0;
    }
}
