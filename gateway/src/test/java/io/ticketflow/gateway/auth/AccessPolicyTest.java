package io.ticketflow.gateway.auth;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.platform.web.ApiException;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessPolicyTest {

    private static ApiKeyRecord key(ActorRole role, boolean revoked) {
        return new ApiKeyRecord("hash", "svc-" + role.name().toLowerCase(), role, Instant.EPOCH, revoked);
    }

    @Test
    void bearerTokenIsTakenFromTheHeaderWhateverTheSchemeCase() {
        assertThat(AccessPolicy.bearerToken("Bearer abc")).isEqualTo("abc");
        assertThat(AccessPolicy.bearerToken("bearer   abc ")).isEqualTo("abc");
    }

    @Test
    void missingOrNonBearerAuthorizationIsUnauthorized() {
        for (String header : new String[] {null, "", "Basic dXNlcjpwdw==", "Bearer", "Bearer "}) {
            assertThatThrownBy(() -> AccessPolicy.bearerToken(header))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        }
    }

    @Test
    void unknownAndRevokedKeysAreUnauthorized() {
        assertThatThrownBy(() -> AccessPolicy.admit(null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        assertThatThrownBy(() -> AccessPolicy.admit(key(ActorRole.ADMIN, true), null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    @Test
    void withoutActingUserTheActorIsThePrincipal() {
        Caller caller = AccessPolicy.admit(key(ActorRole.USER, false), null);
        assertThat(caller).isEqualTo(new Caller("svc-user", ActorRole.USER, "svc-user"));
        assertThat(AccessPolicy.admit(key(ActorRole.USER, false), "  ").actor()).isEqualTo("svc-user");
    }

    @Test
    void privilegedKeysActingForAUserHaveThatUsersRights() {
        assertThat(AccessPolicy.admit(key(ActorRole.ADMIN, false), "alice"))
                .isEqualTo(new Caller("svc-admin", ActorRole.USER, "alice"));
        assertThat(AccessPolicy.admit(key(ActorRole.INTEGRATION, false), " bob "))
                .isEqualTo(new Caller("svc-integration", ActorRole.USER, "bob"));
    }

    @Test
    void aKeyActingAsItsOwnPrincipalKeepsItsRole() {
        assertThat(AccessPolicy.admit(key(ActorRole.ADMIN, false), "svc-admin"))
                .isEqualTo(new Caller("svc-admin", ActorRole.ADMIN, "svc-admin"));
        assertThat(AccessPolicy.admit(key(ActorRole.INTEGRATION, false), "svc-integration"))
                .isEqualTo(new Caller("svc-integration", ActorRole.INTEGRATION, "svc-integration"));
    }

    /** Issue 12: a key limited to job topics carries them; acting for a user it has that user's rights, no topics. */
    @Test
    void aKeysJobTopicsGoWithItUnlessItActsForSomeoneElse() {
        ApiKeyRecord limited = new ApiKeyRecord("hash", "crm", ActorRole.INTEGRATION, Instant.EPOCH, false,
                List.of("crm-sync"));

        assertThat(AccessPolicy.admit(limited, null).jobTopics()).containsExactly("crm-sync");
        assertThat(AccessPolicy.admit(limited, "crm").jobTopics()).containsExactly("crm-sync");
        assertThat(AccessPolicy.admit(limited, "alice")).isEqualTo(new Caller("crm", ActorRole.USER, "alice"));
        assertThat(AccessPolicy.admit(key(ActorRole.INTEGRATION, false), null).jobTopics()).isNull();
    }

    @Test
    void auditorsReadEverythingAndWriteNothing() {
        Caller auditor = AccessPolicy.admit(key(ActorRole.AUDITOR, false), null);
        for (HttpMethod read : List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS)) {
            AccessPolicy.requireMayCall(auditor, read);
        }
        for (HttpMethod write : List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)) {
            assertThatThrownBy(() -> AccessPolicy.requireMayCall(auditor, write))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
            AccessPolicy.requireMayCall(AccessPolicy.admit(key(ActorRole.USER, false), null), write);
        }
        assertThatThrownBy(() -> AccessPolicy.admit(key(ActorRole.AUDITOR, false), "alice"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void userKeysMayNotActForSomeoneElse() {
        assertThatThrownBy(() -> AccessPolicy.admit(key(ActorRole.USER, false), "alice"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }
}
