package io.ticketflow.ticket.group;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.identity.Group;
import io.ticketflow.contracts.identity.GroupChange;
import io.ticketflow.contracts.identity.GroupRequest;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.ForwardedIdentity;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * The identity directory over HTTP ({@code /api/v1/groups}, {@code /api/v1/users/{userId}/groups}); the gateway
 * forwards these paths with the caller. Changes are ADMIN's; anyone may read groups, a user only their own
 * memberships.
 */
@RestController
class GroupController {

    private static final String ACTOR = ForwardedIdentity.ACTOR_HEADER;
    private static final String ROLE = ForwardedIdentity.ROLE_HEADER;

    private final GroupDirectory directory;

    GroupController(GroupDirectory directory) {
        this.directory = directory;
    }

    /** 201 when this created the group (or re-created a deleted one), 200 when it replaced it. */
    @PutMapping("/api/v1/groups/{groupId}")
    Mono<ResponseEntity<Group>> save(@PathVariable String groupId, @RequestBody(required = false) GroupRequest request,
                                     @RequestHeader(name = ACTOR, required = false) String actor,
                                     @RequestHeader(name = ROLE, required = false) String role) {
        return directory.save(groupId, request, ForwardedIdentity.of(actor, role))
                .map(saved -> ResponseEntity.status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(saved.group()));
    }

    @DeleteMapping("/api/v1/groups/{groupId}")
    Mono<ResponseEntity<Void>> delete(@PathVariable String groupId,
                                      @RequestHeader(name = ACTOR, required = false) String actor,
                                      @RequestHeader(name = ROLE, required = false) String role) {
        return directory.delete(groupId, ForwardedIdentity.of(actor, role))
                .thenReturn(ResponseEntity.noContent().build());
    }

    @GetMapping("/api/v1/groups")
    Mono<List<Group>> list() {
        return directory.list().collectList();
    }

    @GetMapping("/api/v1/groups/{groupId}")
    Mono<Group> get(@PathVariable String groupId) {
        return directory.get(groupId);
    }

    @GetMapping("/api/v1/groups/{groupId}/history")
    Mono<List<GroupChange>> history(@PathVariable String groupId) {
        return directory.history(groupId);
    }

    @GetMapping("/api/v1/users/{userId}/groups")
    Mono<List<Group>> groupsOf(@PathVariable String userId,
                               @RequestHeader(name = ACTOR, required = false) String actor,
                               @RequestHeader(name = ROLE, required = false) String role) {
        ForwardedIdentity caller = ForwardedIdentity.of(actor, role);
        if (caller.role() == ActorRole.USER && !userId.equals(caller.actor())) {
            return Mono.error(new ApiException(ErrorCode.FORBIDDEN, "A user may list only their own groups"));
        }
        return directory.groupsOf(userId).collectList();
    }
}
