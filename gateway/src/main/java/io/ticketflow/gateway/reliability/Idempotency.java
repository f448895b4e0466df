package io.ticketflow.gateway.reliability;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.gateway.command.CommandProperties;
import io.ticketflow.gateway.web.GatewayProblem;
import io.ticketflow.platform.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} on writes: a repeat with the same key (per caller principal) answers the first answer and
 * changes nothing. The key is claimed in MongoDB before anything is published; the command id (and a create's ticket
 * id) are derived from the key, so even a crash between publishing and storing the answer is de-duplicated by
 * ticket-service, which answers a repeated commandId again instead of applying it twice.
 */
@Component
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 255;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int MAX_ATTEMPTS = 4;
    private static final Logger log = LoggerFactory.getLogger(Idempotency.class);

    /** What the action may use: ids derived from the key, or fresh ones when the request carries no key. */
    public record Ids(String commandId, String ticketId) {
    }

    private final IdempotencyStore store;
    private final Duration ttl;
    private final Duration wait;
    private final Clock clock;

    public Idempotency(IdempotencyStore store, IdempotencyProperties properties, CommandProperties commands,
                       Clock clock) {
        this.store = store;
        this.ttl = properties.idempotencyTtl();
        this.wait = commands.replyTimeout();
        this.clock = clock;
    }

    /** The request's key, validated; null when it has none. */
    public static String key(ServerRequest request) {
        String key = request.headers().firstHeader(HEADER);
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7F)
                || key.isBlank()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    HEADER + " must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters");
        }
        return key;
    }

    /** The request fingerprint: method + path + SHA-256 of the body (or of what stands for it). */
    public static String fingerprint(String method, String path, byte[] body) {
        return sha256(method + " " + path + " " + sha256(body));
    }

    public static String documentId(String principal, String key) {
        return sha256(principal + "\u0000" + key);
    }

    public static String commandId(String principal, String key) {
        return UUID.nameUUIDFromBytes(("command\u0000" + principal + "\u0000" + key).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** 16 digits, never starting with 0, from the key: a repeated create names the same ticket. */
    public static String ticketId(String principal, String key) {
        byte[] hash = digest(("ticket\u0000" + principal + "\u0000" + key).getBytes(StandardCharsets.UTF_8));
        long bits = ByteBuffer.wrap(hash, 0, Long.BYTES).getLong();
        return Long.toString(1_000_000_000_000_000L + Math.floorMod(bits, 9_000_000_000_000_000L));
    }

    /**
     * Runs {@code action} once per (principal, key): without a key it just runs it; with one, a repeat replays the
     * stored answer, waits briefly for one in progress (then 409 IDEMPOTENCY_KEY_IN_USE), and a different request
     * under the same key is 422 IDEMPOTENCY_KEY_REUSED.
     *
     * @param action    given the ids to use; its 4xx {@link ApiException}s count as final answers too
     * @param freshIds  the ids for a request without a key
     */
    public Mono<ServerResponse> run(String principal, String key, String fingerprint, Supplier<Ids> freshIds,
                                    java.util.function.Function<Ids, Mono<Answer>> action) {
        if (key == null) {
            return Mono.defer(() -> action.apply(freshIds.get())).flatMap(answer -> answer.render(false));
        }
        String id = documentId(principal, key);
        Ids ids = new Ids(commandId(principal, key), ticketId(principal, key));
        return attempt(id, fingerprint, ids, action, 0);
    }

    private Mono<ServerResponse> attempt(String id, String fingerprint, Ids ids,
                                         java.util.function.Function<Ids, Mono<Answer>> action, int attempt) {
        if (attempt >= MAX_ATTEMPTS) {
            return Mono.error(inUse());
        }
        Instant now = clock.instant();
        return store.claim(id, fingerprint, now).flatMap(claimed -> claimed
                ? execute(id, ids, action)
                : store.find(id).flatMap(entry -> existing(entry, fingerprint, ids, action, attempt))
                        // gone between the insert and the read: claim again
                        .switchIfEmpty(Mono.defer(() -> attempt(id, fingerprint, ids, action, attempt + 1))));
    }

    private Mono<ServerResponse> existing(IdempotencyStore.Entry entry, String fingerprint, Ids ids,
                                          java.util.function.Function<Ids, Mono<Answer>> action, int attempt) {
        Instant now = clock.instant();
        if (entry.createdAt().plus(ttl).isBefore(now)) {
            // Expired; the embedded MongoDB may not enforce TTL indexes, so expire it here too.
            return store.evict(entry).then(Mono.defer(() -> attempt(entry.id(), fingerprint, ids, action, attempt + 1)));
        }
        if (!fingerprint.equals(entry.fingerprint())) {
            return Mono.error(new GatewayProblem(GatewayProblem.IDEMPOTENCY_KEY_REUSED, 422,
                    "This " + HEADER + " was used for a different request (method, path or body)"));
        }
        if (entry.answer() != null) {
            return entry.answer().render(true);
        }
        if (entry.claimedAt().plus(wait.multipliedBy(3)).plusSeconds(5).isBefore(now)) {
            // Abandoned by a gateway that stopped mid-request; the derived command id keeps a re-run harmless.
            log.info("Taking over abandoned idempotency claim {}", entry.id());
            return store.evict(entry).then(Mono.defer(() -> attempt(entry.id(), fingerprint, ids, action, attempt + 1)));
        }
        return awaitAnswer(entry.id(), fingerprint, ids, action, attempt, now.plus(wait));
    }

    private Mono<ServerResponse> awaitAnswer(String id, String fingerprint, Ids ids,
                                             java.util.function.Function<Ids, Mono<Answer>> action, int attempt,
                                             Instant deadline) {
        if (!clock.instant().isBefore(deadline)) {
            return Mono.error(inUse());
        }
        return Mono.delay(POLL).then(store.find(id))
                .flatMap(entry -> entry.answer() != null ? entry.answer().render(true)
                        : awaitAnswer(id, fingerprint, ids, action, attempt, deadline))
                // the first request ended without a final answer (202/5xx) and gave the key up: run it ourselves
                .switchIfEmpty(Mono.defer(() -> attempt(id, fingerprint, ids, action, attempt + 1)));
    }

    private Mono<ServerResponse> execute(String id, Ids ids, java.util.function.Function<Ids, Mono<Answer>> action) {
        return Mono.defer(() -> action.apply(ids))
                .onErrorResume(e -> e instanceof ApiException api && statusOf(api) >= 400 && statusOf(api) < 500,
                        e -> Mono.just(Answer.problem((ApiException) e)))
                .flatMap(answer -> answer.keep()
                        ? store.complete(id, answer).thenReturn(answer)
                        : store.release(id).thenReturn(answer))
                .onErrorResume(e -> store.release(id).onErrorResume(x -> Mono.empty()).then(Mono.error(e)))
                .doOnCancel(() -> store.release(id).subscribe(null,
                        e -> log.warn("Could not release idempotency claim {}: {}", id, e.toString())))
                .flatMap(answer -> answer.render(false));
    }

    private static int statusOf(ApiException e) {
        return e instanceof GatewayProblem own ? own.status() : e.code().status();
    }

    private static GatewayProblem inUse() {
        return new GatewayProblem(GatewayProblem.IDEMPOTENCY_KEY_IN_USE, 409,
                "A request with this " + HEADER + " is still in progress; retry shortly");
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest(bytes));
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
