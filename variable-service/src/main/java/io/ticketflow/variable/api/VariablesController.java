package io.ticketflow.variable.api;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.variable.state.VariableState;
import io.ticketflow.variable.store.VariableStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;

/** Internal read API; the gateway forwards the public paths here unchanged. */
@RestController
@RequestMapping("/api/v1/tickets/{ticketId}/variables")
class VariablesController {

    private final VariableStore store;

    VariablesController(VariableStore store) {
        this.store = store;
    }

    @GetMapping
    Mono<Map<String, Object>> variables(@PathVariable String ticketId) {
        return load(ticketId).map(VariableState::variables);
    }

    /** Oldest first, one row per changed variable. */
    @GetMapping("/history")
    Mono<List<HistoryRow>> history(@PathVariable String ticketId) {
        return load(ticketId).map(state -> state.history().stream()
                .flatMap(entry -> entry.changes().stream().map(change -> HistoryRow.of(entry, change)))
                .toList());
    }

    private Mono<VariableState> load(String ticketId) {
        return store.find(ticketId)
                .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.TICKET_NOT_FOUND,
                        "No variables are known for ticket " + ticketId)));
    }
}
