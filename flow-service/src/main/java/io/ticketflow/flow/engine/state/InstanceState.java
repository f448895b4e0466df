package io.ticketflow.flow.engine.state;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where one ticket stands. Immutable; changed only by {@link EngineEventApplier}.
 *
 * @param tokens       live tokens by dataId
 * @param joinArrivals per join gateway id, per incoming flow id, the dataIds that arrived and wait (oldest first)
 * @param nextToken    counter for the next dataId ({@code ticketId-nextToken}); keeps ids deterministic
 * @param automaticEntries nodes entered since the last human action (the start, a submit of a human task, a retry):
 *                     the automatic work the ticket did on its own, across asynchronous steps, which the engine
 *                     bounds to stop a flow that loops without a wait state
 * @param loops        multi-instance tasks under way, by the dataId of their body token
 * @param timers       timers that have not fired, by timer id ({@code dataId:timerEventId})
 */
public record InstanceState(String ticketId, Map<String, Token> tokens,
                            Map<String, Map<String, List<String>>> joinArrivals, int nextToken,
                            InstanceStatus status,
                            // states stored before the count existed have none: they read as 0
                            @JsonSetter(nulls = Nulls.AS_EMPTY) int automaticEntries,
                            @JsonSetter(nulls = Nulls.AS_EMPTY) Map<String, LoopState> loops,
                            @JsonSetter(nulls = Nulls.AS_EMPTY) Map<String, TimerState> timers) {

    /** Orders dataIds by their counter, so "token 10" comes after "token 9". */
    public static final Comparator<String> DATA_ID_ORDER =
            Comparator.comparingLong(InstanceState::counterOf).thenComparing(Comparator.naturalOrder());

    public InstanceState {
        tokens = Collections.unmodifiableMap(new LinkedHashMap<>(tokens));
        Map<String, Map<String, List<String>>> joins = new LinkedHashMap<>();
        joinArrivals.forEach((gateway, perFlow) -> {
            Map<String, List<String>> flows = new LinkedHashMap<>();
            perFlow.forEach((flow, ids) -> flows.put(flow, List.copyOf(ids)));
            joins.put(gateway, Collections.unmodifiableMap(flows));
        });
        joinArrivals = Collections.unmodifiableMap(joins);
        loops = Collections.unmodifiableMap(new LinkedHashMap<>(loops));
        timers = Collections.unmodifiableMap(new LinkedHashMap<>(timers));
    }

    /** A state without timers. */
    public InstanceState(String ticketId, Map<String, Token> tokens, Map<String, Map<String, List<String>>> joinArrivals,
                         int nextToken, InstanceStatus status, int automaticEntries, Map<String, LoopState> loops) {
        this(ticketId, tokens, joinArrivals, nextToken, status, automaticEntries, loops, Map.of());
    }

    /** A state without multi-instance tasks under way. */
    public InstanceState(String ticketId, Map<String, Token> tokens, Map<String, Map<String, List<String>>> joinArrivals,
                         int nextToken, InstanceStatus status, int automaticEntries) {
        this(ticketId, tokens, joinArrivals, nextToken, status, automaticEntries, Map.of());
    }

    /** A state with no automatic work counted yet. */
    public InstanceState(String ticketId, Map<String, Token> tokens, Map<String, Map<String, List<String>>> joinArrivals,
                         int nextToken, InstanceStatus status) {
        this(ticketId, tokens, joinArrivals, nextToken, status, 0);
    }

    public static InstanceState initial(String ticketId) {
        return new InstanceState(ticketId, Map.of(), Map.of(), 1, InstanceStatus.RUNNING, 0, Map.of(), Map.of());
    }

    public Optional<Token> token(String dataId) {
        return Optional.ofNullable(tokens.get(dataId));
    }

    /** Live tokens in dataId order. */
    public List<Token> liveTokens() {
        return tokens.values().stream().sorted(Comparator.comparing(Token::dataId, DATA_ID_ORDER)).toList();
    }

    /** The live tokens whose scope is {@code scope} (null: the tokens of the process itself), in dataId order. */
    public List<Token> tokensIn(String scope) {
        return liveTokens().stream().filter(token -> java.util.Objects.equals(scope, token.scope())).toList();
    }

    /** The scope of the live token {@code dataId}: the token at its sub-process, or null. */
    public String scopeOf(String dataId) {
        Token token = tokens.get(dataId);
        return token == null ? null : token.scope();
    }

    public Optional<LoopState> loop(String bodyDataId) {
        return Optional.ofNullable(loops.get(bodyDataId));
    }

    /** The dataId of the loop body whose instance this token is, if it is one. */
    public Optional<String> loopOf(String instanceDataId) {
        return loops.entrySet().stream().filter(e -> e.getValue().active().containsKey(instanceDataId))
                .map(Map.Entry::getKey).findFirst();
    }

    /** The id of the timer of {@code timerEventId} for the token {@code dataId}: one at a time per token and event. */
    public static String timerId(String dataId, String timerEventId) {
        return dataId + ":" + timerEventId;
    }

    /** The timers that have not fired of the token {@code dataId} at {@code nodeId} (its own, or its task's). */
    public Map<String, TimerState> timersAt(String dataId, String nodeId) {
        Map<String, TimerState> found = new LinkedHashMap<>();
        timers.forEach((id, timer) -> {
            if (timer.dataId().equals(dataId) && (nodeId.equals(timer.attachedTo()) || nodeId.equals(timer.nodeId()))) {
                found.put(id, timer);
            }
        });
        return found;
    }

    public Map<String, List<String>> arrivalsAt(String gatewayId) {
        return joinArrivals.getOrDefault(gatewayId, Map.of());
    }

    public boolean hasJoinArrivals() {
        return !joinArrivals.isEmpty();
    }

    public String dataIdFor(int counter) {
        return ticketId + "-" + counter;
    }

    private static long counterOf(String dataId) {
        int dash = dataId.lastIndexOf('-');
        try {
            return Long.parseLong(dataId.substring(dash + 1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
