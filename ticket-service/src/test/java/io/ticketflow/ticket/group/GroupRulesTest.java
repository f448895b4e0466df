package io.ticketflow.ticket.group;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.identity.GroupChange;
import io.ticketflow.contracts.identity.GroupRequest;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.ForwardedIdentity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Given a stored group (or none), when a change is asked, then this change — or this refusal. */
class GroupRulesTest {

    private static final Instant T1 = Instant.parse("2026-12-02T01:00:00Z");
    private static final Instant T2 = Instant.parse("2026-12-02T02:00:00Z");
    private static final ForwardedIdentity ADMIN = new ForwardedIdentity("root", ActorRole.ADMIN);

    @Test
    void aNewGroupIsVersionOneWithItsMembersInOrderEachOnce() {
        GroupChange change = GroupRules.save(null, "ops", new GroupRequest(" 运维组 ",
                List.of("alice", "bob", "alice", " carol ")), ADMIN, T1);

        assertThat(change).isEqualTo(new GroupChange(1, GroupChange.Type.SAVED, "运维组",
                List.of("alice", "bob", "carol"), "root", T1));
    }

    @Test
    void replacingAGroupKeepsItsHistoryAndTheStateIsTheLastChange() {
        StoredGroup v1 = StoredGroup.apply(null, "ops",
                GroupRules.save(null, "ops", new GroupRequest("Ops", List.of("alice")), ADMIN, T1));

        StoredGroup v2 = StoredGroup.apply(v1, "ops",
                GroupRules.save(v1, "ops", new GroupRequest(null, List.of("bob")), ADMIN, T2));

        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.name()).as("no name given: the id").isEqualTo("ops");
        assertThat(v2.members()).containsExactly("bob");
        assertThat(v2.history()).extracting(GroupChange::members).containsExactly(List.of("alice"), List.of("bob"));
        assertThat(v2.view().updatedAt()).isEqualTo(T2);
    }

    @Test
    void deletingLeavesNoMembersButTheHistorySaysWhoBelonged() {
        StoredGroup v1 = StoredGroup.apply(null, "ops",
                GroupRules.save(null, "ops", new GroupRequest("Ops", List.of("alice")), ADMIN, T1));

        StoredGroup deleted = StoredGroup.apply(v1, "ops", GroupRules.delete(v1, "ops", ADMIN, T2));

        assertThat(deleted.exists()).isFalse();
        assertThat(deleted.members()).isEmpty();
        assertThat(deleted.history().get(0).members()).containsExactly("alice");
        assertThat(deleted.history().get(1).type()).isEqualTo(GroupChange.Type.DELETED);
        assertThatThrownBy(() -> GroupRules.delete(deleted, "ops", ADMIN, T2))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GROUP_NOT_FOUND));
        assertThatThrownBy(() -> GroupRules.delete(null, "nope", ADMIN, T2))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GROUP_NOT_FOUND));
    }

    @Test
    void onlyAdminsChangeTheDirectory() {
        for (ActorRole role : List.of(ActorRole.USER, ActorRole.INTEGRATION, ActorRole.AUDITOR)) {
            ForwardedIdentity caller = new ForwardedIdentity("someone", role);
            assertThatThrownBy(() -> GroupRules.save(null, "ops", new GroupRequest("Ops", List.of()), caller, T1))
                    .as(role.name())
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        }
    }

    @Test
    void badIdsNamesAndMembersAreRefusedWithTheFieldNamed() {
        assertThatThrownBy(() -> GroupRules.save(null, "a/b", new GroupRequest("x", List.of()), ADMIN, T1))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.errors().toString()).contains("groupId");
                });
        assertThatThrownBy(() -> GroupRules.save(null, "ops", null, ADMIN, T1))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThatThrownBy(() -> GroupRules.save(null, "ops", new GroupRequest("x".repeat(201), List.of()), ADMIN, T1))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors().toString()).contains("name"));
        assertThatThrownBy(() -> GroupRules.save(null, "ops", new GroupRequest("Ops",
                Arrays.asList("alice", " ", null, "bad\u0000id")), ADMIN, T1))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors().toString())
                        .contains("members[1]", "members[2]", "members[3]").doesNotContain("members[0]"));
        assertThatThrownBy(() -> GroupRules.save(null, "ops", new GroupRequest("Ops",
                java.util.Collections.nCopies(GroupRules.MAX_MEMBERS + 1, "u")), ADMIN, T1))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }
}
