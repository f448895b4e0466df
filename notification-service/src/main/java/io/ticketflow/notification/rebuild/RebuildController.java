package io.ticketflow.notification.rebuild;

import io.ticketflow.notification.api.Callers;
import io.ticketflow.notification.api.NotificationProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Admin only: rebuild the inboxes from the ticket events, and watch it. */
@RestController
@RequestMapping("/api/v1/admin/notifications/rebuild")
class RebuildController {

    private final RebuildService rebuilds;

    RebuildController(RebuildService rebuilds) {
        this.rebuilds = rebuilds;
    }

    /** 202 with the progress; 409 {@code REBUILD_RUNNING} while one runs. */
    @PostMapping
    Mono<ResponseEntity<RebuildStatus>> start(@RequestHeader(name = Callers.ACTOR, required = false) String actor,
                                              @RequestHeader(name = Callers.ROLE, required = false) String role) {
        Callers.admin(actor, role);
        return rebuilds.start()
                .flatMap(started -> started ? rebuilds.status()
                        : Mono.error(new NotificationProblem(HttpStatus.CONFLICT, "REBUILD_RUNNING",
                                "A rebuild is running; follow it with GET")))
                .map(status -> ResponseEntity.accepted().body(status));
    }

    @GetMapping
    Mono<RebuildStatus> status(@RequestHeader(name = Callers.ACTOR, required = false) String actor,
                               @RequestHeader(name = Callers.ROLE, required = false) String role) {
        Callers.admin(actor, role);
        return rebuilds.status();
    }
}
