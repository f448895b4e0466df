package io.ticketflow.ticket.group;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.identity.Group;
import io.ticketflow.contracts.identity.GroupChange;
import io.ticketflow.contracts.identity.GroupRequest;
import io.ticketflow.platform.messaging.EventPublisher;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.ForwardedIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The identity directory: groups of users, owned by ticket-service because it decides who may act on a work item,
 * and membership is read when someone acts (a change applies to work already waiting). Every change is kept with
 * the group, so who belonged when stays answerable.
 */
@Component
public class GroupDirectory {

    private static final Logger log = LoggerFactory.getLogger(GroupDirectory.class);
    /** Concurrent changes of one group are rare; each lost race costs one re-read. */
    private static final int ATTEMPTS = 5;

    private final GroupStore store;
    private final Clock clock;
    private final EventPublisher publisher;

    GroupDirectory(GroupStore store, Clock clock, EventPublisher publisher) {
        this.store = store;
        this.clock = clock;
        this.publisher = publisher;
    }

    /** The result of a save: the group as stored, and whether this request created it. */
    record Saved(Group group, boolean created) {
    }

    Mono<Saved> save(String groupId, GroupRequest request, ForwardedIdentity caller) {
        return change(groupId, current -> GroupRules.save(current, groupId, request, caller, clock.instant()))
                .flatMap(stored -> announce(stored).thenReturn(stored))
                .map(stored -> new Saved(stored.view(), stored.version() == 1
                        || stored.history().get(stored.history().size() - 2).type() == GroupChange.Type.DELETED));
    }

    Mono<Void> delete(String groupId, ForwardedIdentity caller) {
        return change(groupId, current -> GroupRules.delete(current, groupId, caller, clock.instant()))
                .flatMap(this::announce);
    }

    Mono<Group> get(String groupId) {
        return store.find(GroupRules.checkId(groupId)).filter(StoredGroup::exists).map(StoredGroup::view)
                .switchIfEmpty(Mono.error(() -> GroupRules.notFound(groupId)));
    }

    Flux<Group> list() {
        return store.existing().map(StoredGroup::view);
    }

    /** Every change of a group, deleted ones too; GROUP_NOT_FOUND for a group never created. */
    Mono<List<GroupChange>> history(String groupId) {
        return store.find(GroupRules.checkId(groupId)).map(StoredGroup::history)
                .switchIfEmpty(Mono.error(() -> GroupRules.notFound(groupId)));
    }

    /** The groups {@code userId} belongs to now. */
    public Flux<Group> groupsOf(String userId) {
        return store.withMember(userId).filter(StoredGroup::exists).map(StoredGroup::view);
    }

    /** The members of a group now; empty for a group that does not exist. */
    public Mono<List<String>> membersOf(String groupId) {
        return store.find(groupId).filter(StoredGroup::exists).map(StoredGroup::members).defaultIfEmpty(List.of());
    }

    /** Reads the group, decides the change, stores it under the version read; a lost race is decided again. */
    private Mono<StoredGroup> change(String groupId, Function<StoredGroup, GroupChange> decide) {
        return Mono.defer(() -> store.find(GroupRules.checkId(groupId))
                        .map(Optional::of).defaultIfEmpty(Optional.empty())
                        .flatMap(found -> {
                            StoredGroup current = found.orElse(null);
                            GroupChange change = decide.apply(current);
                            StoredGroup next = StoredGroup.apply(current, groupId, change);
                            Mono<Boolean> written = current == null ? store.insert(next)
                                    : store.replace(next, current.version());
                            return written.flatMap(ok -> ok ? Mono.just(next) : Mono.empty());
                        }))
                .repeatWhenEmpty(ATTEMPTS - 1, attempts -> attempts)
                .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.STALE_VERSION,
                        "Group " + groupId + " kept changing while this change was made; try again")));
    }

    /** On the compacted groups topic, for the services that tell people: a deleted group has no members. */
    private Mono<Void> announce(StoredGroup group) {
        return publisher.publish(Topics.GROUPS, group.groupId(), group.view());
    }

    /**
     * Indexes, then every group announced again: a change whose announcement was lost (stored, then the process
     * died before publishing) is told at the next start. Groups are few; compaction keeps one record each.
     */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        store.createIndexes()
                .onErrorResume(e -> {
                    log.warn("Could not create group indexes: {}", e.toString());
                    return Mono.empty();
                })
                .thenMany(store.all())
                .concatMap(this::announce)
                .subscribe(null, e -> log.warn("Could not announce the groups: {}", e.toString()));
    }
}
