package io.ticketflow.flow.definition;

import io.ticketflow.contracts.flow.FormField;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.model.UserTask;
import io.ticketflow.flow.engine.parse.Problem;

import java.time.Instant;
import java.util.List;

/** The shapes flow-service answers with. */
public final class FlowViews {

    private FlowViews() {
    }

    public record CreateFlow(String key, String name, String description) {
    }

    public record VersionView(int version, Instant publishedAt, String publishedBy) {
    }

    public record FlowView(String flowId, String key, String name, String description, String createdBy,
                           Instant createdAt, Integer latestVersion, List<VersionView> versions,
                           Instant draftUpdatedAt, List<String> owners) {

        static FlowView of(FlowRecord flow, List<FlowVersion> versions) {
            return new FlowView(flow.flowId(), flow.key(), flow.name(), flow.description(), flow.createdBy(),
                    flow.createdAt(), versions.isEmpty() ? null : versions.get(versions.size() - 1).version(),
                    versions.stream().map(v -> new VersionView(v.version(), v.publishedAt(), v.publishedBy())).toList(),
                    flow.draftUpdatedAt(), flow.owners());
        }
    }

    public record NodeView(String id, String name, String type, List<String> handlers, List<FormField> form) {
    }

    /** @param warnings what runs differently from the diagram's tool (e.g. Java delegates done by job workers) */
    public record DraftSummary(String flowId, String processId, String processName, Instant draftUpdatedAt,
                               List<NodeView> nodes, List<FormField> startForm, boolean startVerification,
                               List<Problem> warnings) {

        static DraftSummary of(String flowId, FlowModel model, Instant at, List<Problem> warnings) {
            List<NodeView> nodes = model.nodes().values().stream().map(node -> {
                List<String> handlers = List.of();
                List<FormField> form = model.form(node.id());
                if (node instanceof UserTask task) {
                    handlers = new java.util.ArrayList<>();
                    if (task.assignee() != null) {
                        handlers.add(task.assignee());
                    }
                    handlers.addAll(task.candidateUsers());
                }
                return new NodeView(node.id(), node.displayName(), node.type().name(), handlers, form);
            }).toList();
            return new DraftSummary(flowId, model.processId(), model.processName(), at, nodes, model.startForm(),
                    model.startVerification(), warnings);
        }
    }

    /** @param warnings as in {@link DraftSummary} */
    public record Published(String flowId, int version, List<Problem> warnings) {
    }

    /** {@code PUT /api/v1/flows/{flowId}/owners}: the whole list, replacing the previous one. */
    public record Owners(List<String> owners) {
    }
}
