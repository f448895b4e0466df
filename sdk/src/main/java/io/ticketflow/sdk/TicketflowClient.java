package io.ticketflow.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;

/**
 * The ticketflow Java SDK: one method per function of the seed SDK ({@code sdk_creat_ticket}, {@code sdk_over_ticket},
 * {@code sdk_end_ticket}, {@code sdk_retry_ticket}, {@code sdk_todo_user_ticket}, {@code sdk_get_ticket_evn},
 * {@code sdk_update_ticket_evn}, {@code sdk_get_ticket_deal_user}), plus a few reads, over the gateway's HTTP API.
 *
 * <pre>{@code
 * TicketflowClient client = TicketflowClient.builder()
 *         .baseUrl("http://localhost:8080")
 *         .apiKey(System.getenv("TICKETFLOW_API_KEY"))
 *         .timeout(Duration.ofSeconds(30))
 *         .build();
 * SdkResult<Map<String, Object>> res = client.submit("1750146013372477", "Task_1piqdk6",
 *         Map.of("test", "提交测试输入参数"), "bob");
 * }</pre>
 *
 * <p>The key must be an admin or integration key; the {@code user} argument of the write methods is sent as
 * {@code X-Acting-User} (when {@code null}, the key's own principal acts). Every call answers an {@link SdkResult}:
 * HTTP errors never throw, only a call that could not complete throws {@link TicketflowException}. Invalid arguments
 * (a blank id, a retry type other than {@code dev}/{@code produce}, data JSON cannot hold) throw
 * {@link IllegalArgumentException} before anything is sent.
 *
 * <p>Immutable and thread-safe: share one instance. {@link #withWaitSettled(boolean)} and
 * {@link #withIdempotencyKey(String)} give variants that share the same connection pool.
 */
public final class TicketflowClient {

    /** This SDK's version, as sent in {@code User-Agent: ticketflow-sdk/<version>}. */
    public static final String VERSION = loadVersion();

    static final String MSG_CREATED = "创建成功！";
    static final String MSG_DONE = "操作成功！";
    static final String MSG_SUBMITTED = "提交成功！";
    static final String MSG_RETRIED = "重试成功！";
    static final String MSG_SAVED = "保存成功！";
    static final String MSG_QUERIED = "查询成功！";
    static final String MSG_PENDING = "已受理，处理中";

    private static final String API = "/api/v1";
    private static final int MAX_ERROR_TEXT = 500;

    private final HttpClient http;
    private final String baseUrl;
    private final String apiKey;
    private final Duration timeout;
    private final boolean waitSettled;
    private final String idempotencyKey;

    private TicketflowClient(HttpClient http, String baseUrl, String apiKey, Duration timeout, boolean waitSettled,
                             String idempotencyKey) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.waitSettled = waitSettled;
        this.idempotencyKey = idempotencyKey;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * This client, but its writes wait ({@code true}) or not ({@code false}) for the flow to settle: with
     * {@code ?wait=settled} the answer comes once every branch waits at a human node, failed or ended, and carries
     * the new {@code workItems}.
     */
    public TicketflowClient withWaitSettled(boolean settled) {
        return settled == waitSettled ? this
                : new TicketflowClient(http, baseUrl, apiKey, timeout, settled, idempotencyKey);
    }

    /**
     * This client, but its writes carry {@code Idempotency-Key: key} ({@code null} for none). Meant for one write
     * and its repetitions: the gateway applies a key's write once, so do not reuse the variant for other writes.
     */
    public TicketflowClient withIdempotencyKey(String key) {
        if (key != null) {
            requireText(key, "idempotency key");
            requireHeaderValue(key, "idempotency key");
        }
        return new TicketflowClient(http, baseUrl, apiKey, timeout, waitSettled, key);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Duration timeout() {
        return timeout;
    }

    public boolean waitSettled() {
        return waitSettled;
    }

    // ------------------------------------------------------------------------------ sdk_creat_ticket (创建工单)

    /** {@code sdk_creat_ticket(flow_id, name, description)}, without input data. */
    public SdkResult<Map<String, Object>> createTicket(String flowId, String name, String description) {
        return createTicket(flowId, name, description, null, null);
    }

    /**
     * {@code sdk_creat_ticket(flow_id, name, description, data)}: opens a ticket on the flow's latest published
     * version; {@code data} becomes process variables. {@code POST /api/v1/tickets}; {@code data} of the result is
     * the ticket ({@code ticketId} — the data_no —, {@code status}, …), {@code code} 201.
     */
    public SdkResult<Map<String, Object>> createTicket(String flowId, String name, String description,
                                                       Map<String, ?> data) {
        return createTicket(flowId, name, description, data, null);
    }

    /** {@link #createTicket(String, String, String, Map)} acting for {@code user} (the ticket's creator). */
    public SdkResult<Map<String, Object>> createTicket(String flowId, String name, String description,
                                                       Map<String, ?> data, String user) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("flowId", requireText(flowId, "flowId"));
        putIfPresent(body, "name", name);
        putIfPresent(body, "description", description);
        body.put("data", orEmpty(data));
        return write("POST", API + "/tickets", body, user, MSG_CREATED);
    }

    // ------------------------------------------------------------------------------ sdk_over_ticket (强制结单)

    /**
     * {@code sdk_over_ticket(ticket_id, current_node_id, data, user)}: force-closes the whole ticket.
     * {@code POST /api/v1/tickets/{ticketId}/close} with {@code {"nodeId","data"}}; {@code currentNodeId} may be
     * {@code null}.
     */
    public SdkResult<Map<String, Object>> forceClose(String ticketId, String currentNodeId, Map<String, ?> data,
                                                     String user) {
        return forceClose(ticketId, currentNodeId, data, user, null);
    }

    /** {@link #forceClose(String, String, Map, String)} with a {@code reason} kept in the ticket's history. */
    public SdkResult<Map<String, Object>> forceClose(String ticketId, String currentNodeId, Map<String, ?> data,
                                                     String user, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        putIfPresent(body, "nodeId", currentNodeId);
        body.put("data", orEmpty(data));
        putIfPresent(body, "reason", reason);
        return write("POST", ticketPath(ticketId) + "/close", body, user, MSG_DONE);
    }

    // ------------------------------------------------------------------------------ sdk_end_ticket (提交工单)

    /**
     * {@code sdk_end_ticket(ticket_id, current_node_id, data, user)}: completes the work item at a human node with
     * form data. {@code POST /api/v1/tickets/{ticketId}/nodes/{nodeId}/submit} with {@code {"data"}}.
     */
    public SdkResult<Map<String, Object>> submit(String ticketId, String currentNodeId, Map<String, ?> data,
                                                 String user) {
        return submit(ticketId, currentNodeId, data, user, null);
    }

    /**
     * {@link #submit(String, String, Map, String)} naming the work item ({@code dataId}): needed when parallel
     * branches stand at the same node.
     */
    public SdkResult<Map<String, Object>> submit(String ticketId, String currentNodeId, Map<String, ?> data,
                                                 String user, String dataId) {
        Map<String, Object> body = new LinkedHashMap<>();
        putIfPresent(body, "dataId", dataId);
        body.put("data", orEmpty(data));
        return write("POST", nodePath(ticketId, currentNodeId) + "/submit", body, user, MSG_SUBMITTED);
    }

    // ------------------------------------------------------------------------------ sdk_retry_ticket (重试节点)

    /**
     * {@code sdk_retry_ticket(ticket_id, current_node_id, data, user, retry_type)}: runs a FAILED automatic node
     * again with the published definition ({@code "produce"}) or the current draft ({@code "dev"}).
     * {@code POST /api/v1/tickets/{ticketId}/nodes/{nodeId}/retry} with {@code {"data","retryType"}}.
     *
     * @param retryType {@code "dev"} or {@code "produce"} (case-insensitive); {@code null} lets the server use
     *                  {@code produce}
     */
    public SdkResult<Map<String, Object>> retry(String ticketId, String currentNodeId, Map<String, ?> data,
                                                String user, String retryType) {
        return retry(ticketId, currentNodeId, data, user, retryType, null);
    }

    /** {@link #retry(String, String, Map, String, String)} naming the work item ({@code dataId}). */
    public SdkResult<Map<String, Object>> retry(String ticketId, String currentNodeId, Map<String, ?> data,
                                                String user, String retryType, String dataId) {
        Map<String, Object> body = new LinkedHashMap<>();
        putIfPresent(body, "dataId", dataId);
        body.put("data", orEmpty(data));
        putIfPresent(body, "retryType", retryType(retryType));
        return write("POST", nodePath(ticketId, currentNodeId) + "/retry", body, user, MSG_RETRIED);
    }

    // ------------------------------------------------------------------------------ sdk_todo_user_ticket (转派工单)

    /**
     * {@code sdk_todo_user_ticket(ticket_id, current_node_id, data, user)} with the seed's
     * {@code data = {"description": "转派说明", "new_users": [user_id, …]}} ({@code newUsers} is accepted too, and an
     * optional {@code data_id}/{@code dataId}): replaces the handlers of the work item.
     * {@code POST /api/v1/tickets/{ticketId}/nodes/{nodeId}/reassign} with {@code {"description","newUsers"}}.
     *
     * @throws IllegalArgumentException when {@code data} has no list of {@code new_users}
     */
    public SdkResult<Map<String, Object>> reassign(String ticketId, String currentNodeId, Map<String, ?> data,
                                                   String user) {
        Map<String, ?> given = orEmpty(data);
        Object users = given.containsKey("new_users") ? given.get("new_users") : given.get("newUsers");
        Object description = given.get("description");
        Object dataId = given.containsKey("data_id") ? given.get("data_id") : given.get("dataId");
        return reassign(ticketId, currentNodeId, description == null ? null : description.toString(),
                userList(users), user, dataId == null ? null : dataId.toString());
    }

    /** The typed form of {@link #reassign(String, String, Map, String)}. */
    public SdkResult<Map<String, Object>> reassign(String ticketId, String currentNodeId, String description,
                                                   List<String> newUsers, String user) {
        return reassign(ticketId, currentNodeId, description, newUsers, user, null);
    }

    /** {@link #reassign(String, String, String, List, String)} naming the work item ({@code dataId}). */
    public SdkResult<Map<String, Object>> reassign(String ticketId, String currentNodeId, String description,
                                                   List<String> newUsers, String user, String dataId) {
        if (newUsers == null) {
            throw new IllegalArgumentException("newUsers (the seed's new_users) is required");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        putIfPresent(body, "dataId", dataId);
        putIfPresent(body, "description", description);
        body.put("newUsers", new ArrayList<>(newUsers));
        return write("POST", nodePath(ticketId, currentNodeId) + "/reassign", body, user, MSG_DONE);
    }

    // ------------------------------------------------------------------------------ 认领 / 退回候选池 (claim / unclaim)

    /**
     * Claims the work item at {@code nodeId} for {@code user} (a handler, a member of a candidate group, or anyone
     * for an item naming no one): until unclaimed only they may act on it. {@code dataId} picks one of several
     * items waiting at the node (null otherwise). {@code POST /api/v1/tickets/{ticketId}/nodes/{nodeId}/claim}.
     */
    public SdkResult<Map<String, Object>> claim(String ticketId, String nodeId, String user, String dataId) {
        return nodeAction(ticketId, nodeId, "claim", user, dataId);
    }

    /** Gives a claimed work item back to everyone it was offered to. {@code POST …/nodes/{nodeId}/unclaim}. */
    public SdkResult<Map<String, Object>> unclaim(String ticketId, String nodeId, String user, String dataId) {
        return nodeAction(ticketId, nodeId, "unclaim", user, dataId);
    }

    // ------------------------------------------------------------------------------ 驳回 (return)

    /**
     * Sends the ticket back from the work item at {@code nodeId} to {@code targetNodeId}, a human node its branch
     * passed before; {@code description} says why (shown in the history). {@code dataId} picks one of several items
     * waiting at the node (null otherwise). {@code POST /api/v1/tickets/{ticketId}/nodes/{nodeId}/return}.
     */
    public SdkResult<Map<String, Object>> returnTo(String ticketId, String nodeId, String targetNodeId,
                                                   String description, String user, String dataId) {
        if (targetNodeId == null || targetNodeId.isBlank()) {
            throw new IllegalArgumentException("targetNodeId (the node to return to) is required");
        }
        return nodeAction(ticketId, nodeId, "return", user, dataId, "targetNodeId", targetNodeId,
                "description", description);
    }

    // ------------------------------------------------------------------------------ 委托 (delegate)

    /**
     * Has {@code delegate} work the item at {@code nodeId} for {@code user}: the delegate's submit gives it back to
     * {@code user}, who then submits it. {@code dataId} picks one of several items waiting at the node (null
     * otherwise). {@code POST /api/v1/tickets/{ticketId}/nodes/{nodeId}/delegate}.
     */
    public SdkResult<Map<String, Object>> delegate(String ticketId, String nodeId, String delegate,
                                                   String description, String user, String dataId) {
        if (delegate == null || delegate.isBlank()) {
            throw new IllegalArgumentException("delegate (who works the item) is required");
        }
        return nodeAction(ticketId, nodeId, "delegate", user, dataId, "user", delegate, "description", description);
    }

    // ------------------------------------------------------------------------------ 加签 (add / remove signers)

    /**
     * {@code user} asks {@code signers} to sign the work item at {@code nodeId} too; {@code mode} is
     * {@code before}, {@code after} or {@code parallel}. Each signer then submits the item as usual.
     * {@code POST /api/v1/tickets/{ticketId}/nodes/{nodeId}/add-signers}.
     */
    public SdkResult<Map<String, Object>> addSigners(String ticketId, String nodeId, List<String> signers,
                                                     String mode, String description, String user, String dataId) {
        if (signers == null || signers.isEmpty() || mode == null) {
            throw new IllegalArgumentException("signers and mode (before, after or parallel) are required");
        }
        return nodeAction(ticketId, nodeId, "add-signers", user, dataId, "users", new ArrayList<>(signers),
                "mode", mode, "description", description);
    }

    /** Takes added signers off while they have not signed. {@code POST …/nodes/{nodeId}/remove-signers}. */
    public SdkResult<Map<String, Object>> removeSigners(String ticketId, String nodeId, List<String> signers,
                                                        String user, String dataId) {
        if (signers == null || signers.isEmpty()) {
            throw new IllegalArgumentException("signers to take off are required");
        }
        return nodeAction(ticketId, nodeId, "remove-signers", user, dataId, "users", new ArrayList<>(signers));
    }

    /**
     * {@code POST …/nodes/{nodeId}/{action}} with {@code {"dataId", name: value, …}}: the body of every work item
     * action; fields whose value is null are left out.
     */
    private SdkResult<Map<String, Object>> nodeAction(String ticketId, String nodeId, String action, String user,
                                                      String dataId, Object... namesAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        putIfPresent(body, "dataId", dataId);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            putIfPresent(body, (String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return write("POST", nodePath(ticketId, nodeId) + "/" + action, body, user, MSG_DONE);
    }

    // ------------------------------------------------------------------------------ sdk_get_ticket_evn (获取流程变量)

    /** {@code sdk_get_ticket_evn(ticket_id)}: the process variables. {@code GET /api/v1/tickets/{id}/variables}. */
    public SdkResult<Map<String, Object>> getVariables(String ticketId) {
        return read(ticketPath(ticketId) + "/variables", TicketflowClient::asMap);
    }

    // ------------------------------------------------------------------------------ sdk_update_ticket_evn (更新流程变量)

    /**
     * {@code sdk_update_ticket_evn(ticket_id, current_node_id, data, user)}: sets process variables.
     * {@code PATCH /api/v1/tickets/{ticketId}/variables} with {@code {"nodeId","data"}}.
     */
    public SdkResult<Map<String, Object>> updateVariables(String ticketId, String currentNodeId, Map<String, ?> data,
                                                          String user) {
        Map<String, Object> body = new LinkedHashMap<>();
        putIfPresent(body, "nodeId", currentNodeId);
        body.put("data", orEmpty(data));
        return write("PATCH", ticketPath(ticketId) + "/variables", body, user, MSG_SAVED);
    }

    // ------------------------------------------------------------------------------ sdk_get_ticket_deal_user (获取节点处理人)

    /**
     * {@code sdk_get_ticket_deal_user(current_node_id, ticket_id)} — note the seed's argument order, node first:
     * the user ids who may act at the node. {@code GET /api/v1/tickets/{ticketId}/nodes/{nodeId}/handlers}.
     */
    public SdkResult<List<String>> getHandlers(String currentNodeId, String ticketId) {
        return read(nodePath(ticketId, currentNodeId) + "/handlers", TicketflowClient::asStringList);
    }

    // ------------------------------------------------------------------------------ further reads

    /** The ticket with its {@code status} and current {@code workItems}. {@code GET /api/v1/tickets/{id}}. */
    public SdkResult<Map<String, Object>> getTicket(String ticketId) {
        return read(ticketPath(ticketId), TicketflowClient::asMap);
    }

    /**
     * Where the ticket stands: {@code [{"dataId","nodeId","nodeName","state","handlers"}]}.
     * {@code GET /api/v1/tickets/{id}/work-items}.
     */
    public SdkResult<List<Map<String, Object>>> getWorkItems(String ticketId) {
        return read(ticketPath(ticketId) + "/work-items", TicketflowClient::asMapList);
    }

    /** The ticket's events, oldest first. {@code GET /api/v1/tickets/{id}/history}. */
    public SdkResult<List<Map<String, Object>>> getHistory(String ticketId) {
        return read(ticketPath(ticketId) + "/history", TicketflowClient::asMapList);
    }

    /**
     * The outcome of a command answered 202: {@code code} 200 with {@code {"commandId","ok","code","message",
     * "result"}} once known, 202 while pending, 404 {@code COMMAND_NOT_FOUND} when forgotten.
     * {@code GET /api/v1/commands/{commandId}}.
     */
    public SdkResult<Map<String, Object>> commandStatus(String commandId) {
        return read(API + "/commands/" + segment(commandId, "commandId"), TicketflowClient::asMap);
    }

    // ------------------------------------------------------------------------------ job workers (external tasks)

    /**
     * A worker for the jobs of {@code topic} (service tasks with {@code camunda:type="external"}): configure it, then
     * {@link JobWorker.Builder#open()}. Needs an integration (or admin) key.
     */
    public JobWorker.Builder newWorker(String topic, JobHandler handler) {
        return new JobWorker.Builder(this, requireText(topic, "topic"), Objects.requireNonNull(handler, "handler"));
    }

    /**
     * {@code POST /api/v1/jobs/fetch-and-lock}: up to {@code maxJobs} jobs of the topic, locked for this worker for
     * {@code lockDuration}; waits up to {@code longPoll} for one when none is there ({@link Duration#ZERO}: answers
     * at once). {@code variables} names the variables to fetch ({@code null}: all).
     */
    public SdkResult<List<ActivatedJob>> fetchAndLock(String workerId, String topic, int maxJobs, Duration lockDuration,
                                                      Duration longPoll, List<String> variables) {
        requireText(workerId, "workerId");
        requireText(topic, "topic");
        if (maxJobs < 1) {
            throw new IllegalArgumentException("maxJobs must be at least 1");
        }
        Map<String, Object> topicRequest = new LinkedHashMap<>();
        topicRequest.put("topicName", topic);
        topicRequest.put("lockDuration", positive(lockDuration, "lockDuration").toMillis());
        if (variables != null) {
            topicRequest.put("variables", List.copyOf(variables));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workerId", workerId);
        body.put("maxJobs", maxJobs);
        body.put("asyncResponseTimeout", Objects.requireNonNull(longPoll, "longPoll").toMillis());
        body.put("topics", List.of(topicRequest));
        HttpRequest request = request(API + "/jobs/fetch-and-lock", null, timeout.plus(longPoll))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeUtf8(body))).build();
        return exchange(request, MSG_QUERIED, TicketflowClient::asJobs);
    }

    /** {@code POST /api/v1/jobs/{jobId}/complete}: the job is done; {@code variables} go on the ticket. */
    public SdkResult<Map<String, Object>> completeJob(String jobId, String workerId, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workerId", requireText(workerId, "workerId"));
        body.put("variables", variables == null ? Map.of() : variables);
        return jobCall(jobId, "complete", body);
    }

    /**
     * {@code POST /api/v1/jobs/{jobId}/failure}: with {@code retries} above 0 the job is offered again after
     * {@code retryTimeout}; with 0 its node becomes an incident, which the ticket's retry starts again.
     */
    public SdkResult<Map<String, Object>> failJob(String jobId, String workerId, String errorMessage,
                                                  String errorDetails, int retries, Duration retryTimeout) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workerId", requireText(workerId, "workerId"));
        body.put("errorMessage", errorMessage);
        body.put("errorDetails", errorDetails);
        body.put("retries", retries);
        body.put("retryTimeout", retryTimeout == null ? 0 : retryTimeout.toMillis());
        return jobCall(jobId, "failure", body);
    }

    /** {@code POST /api/v1/jobs/{jobId}/bpmn-error}: the job ends with a business error of this code. */
    public SdkResult<Map<String, Object>> jobBpmnError(String jobId, String workerId, String errorCode,
                                                       String errorMessage, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workerId", requireText(workerId, "workerId"));
        body.put("errorCode", requireText(errorCode, "errorCode"));
        body.put("errorMessage", errorMessage);
        body.put("variables", variables == null ? Map.of() : variables);
        return jobCall(jobId, "bpmn-error", body);
    }

    /** {@code POST /api/v1/jobs/{jobId}/extend-lock}: the lock now ends {@code newDuration} from now. */
    public SdkResult<Map<String, Object>> extendJobLock(String jobId, String workerId, Duration newDuration) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workerId", requireText(workerId, "workerId"));
        body.put("newDuration", positive(newDuration, "newDuration").toMillis());
        return jobCall(jobId, "extend-lock", body);
    }

    /**
     * {@code POST /api/v1/messages}: the message {@code name} for the ticket; its first token waiting for it (a receive
     * task, a message catch or boundary event) moves on with {@code variables} set on the ticket. The data is
     * {@code {"ticketId","nodeId","messageName"}}; a ticket waiting for no such message answers {@code NO_SUBSCRIPTION}.
     */
    public SdkResult<Map<String, Object>> correlateMessage(String name, String ticketId, Map<String, ?> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", requireText(name, "name"));
        body.put("ticketId", requireText(ticketId, "ticketId"));
        body.put("variables", variables == null ? Map.of() : variables);
        return postJson(API + "/messages", body);
    }

    /**
     * {@code POST /api/v1/messages} with {@code correlationKeys}: the one ticket waiting for the message whose variables
     * equal every key receives it ({@code {"ticketId","nodeId","messageName"}}); several answer
     * {@code AMBIGUOUS_CORRELATION}; none: a flow starting on the message opens a ticket (with {@code flowId}), else
     * {@code NO_SUBSCRIPTION}.
     */
    public SdkResult<Map<String, Object>> correlateMessageByKeys(String name, Map<String, ?> correlationKeys,
                                                               Map<String, ?> variables) {
        if (correlationKeys == null || correlationKeys.isEmpty()) {
            throw new IllegalArgumentException("correlationKeys must name at least one variable");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", requireText(name, "name"));
        body.put("correlationKeys", correlationKeys);
        body.put("variables", variables == null ? Map.of() : variables);
        return postJson(API + "/messages", body);
    }

    /**
     * {@code POST /api/v1/messages} naming no ticket: the flow whose latest version has a message start event for
     * {@code name} gets a ticket with {@code variables} as its data, opened by this client's user (201). The data is
     * {@code {"ticketId","nodeId","messageName","flowId"}}; a message no flow starts on answers {@code NO_SUBSCRIPTION}.
     */
    public SdkResult<Map<String, Object>> startByMessage(String name, Map<String, ?> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", requireText(name, "name"));
        body.put("variables", variables == null ? Map.of() : variables);
        return postJson(API + "/messages", body);
    }

    /**
     * {@code POST /api/v1/decisions/{key}/evaluate}: tries a published DMN decision; {@code version} null for the
     * latest. The data is {@code {"key","version","resultList":[{output: value}, …]}}, one entry per matched rule.
     */
    public SdkResult<Map<String, Object>> evaluateDecision(String key, Map<String, ?> variables, Integer version) {
        if (version != null && version < 1) {
            throw new IllegalArgumentException("version must be 1 or more");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("variables", variables == null ? Map.of() : variables);
        if (version != null) {
            body.put("version", version);
        }
        return postJson(API + "/decisions/" + segment(key, "key") + "/evaluate", body);
    }

    private SdkResult<Map<String, Object>> postJson(String path, Map<String, Object> body) {
        HttpRequest request = request(path, null, timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeUtf8(body))).build();
        return exchange(request, MSG_DONE, TicketflowClient::asMap);
    }

    private SdkResult<Map<String, Object>> jobCall(String jobId, String action, Map<String, Object> body) {
        return postJson(API + "/jobs/" + segment(jobId, "jobId") + "/" + action, body);
    }

    static List<ActivatedJob> asJobs(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?>)) {
            throw new IllegalArgumentException("expected a JSON array of jobs, got " + Json.write(value));
        }
        try {
            return Json.MAPPER.convertValue(value, Json.MAPPER.getTypeFactory()
                    .constructCollectionType(List.class, ActivatedJob.class));
        } catch (RuntimeException notJobs) {
            throw new IllegalArgumentException("expected jobs: " + notJobs.getMessage(), notJobs);
        }
    }

    private static Duration positive(Duration duration, String what) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
        return duration;
    }

    // ------------------------------------------------------------------------------ HTTP

    private SdkResult<Map<String, Object>> write(String method, String path, Map<String, Object> body, String user,
                                                 String successMsg) {
        byte[] json = Json.writeUtf8(body);
        HttpRequest.Builder request = request(waitSettled ? path + "?wait=settled" : path, user)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return exchange(request.build(), successMsg, TicketflowClient::asMap);
    }

    private <T> SdkResult<T> read(String path, Function<Object, T> decoder) {
        return exchange(request(path, null).GET().build(), MSG_QUERIED, decoder);
    }

    private HttpRequest.Builder request(String path, String user) {
        return request(path, user, timeout);
    }

    private HttpRequest.Builder request(String path, String user, Duration requestTimeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", "ticketflow-sdk/" + VERSION);
        if (user != null) {
            requireHeaderValue(requireText(user, "user"), "user");
            builder.header("X-Acting-User", user);
        }
        return builder;
    }

    private <T> SdkResult<T> exchange(HttpRequest request, String successMsg, Function<Object, T> decoder) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new TicketflowException(describe(request) + " got no answer within " + timeout, e);
        } catch (IOException e) {
            throw new TicketflowException(describe(request) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TicketflowException(describe(request) + " was interrupted", e);
        }
        int status = response.statusCode();
        byte[] body = response.body() == null ? new byte[0] : response.body();
        if (status >= 200 && status < 300) {
            Object parsed = parseSuccess(request, status, body);
            if (status == 202) {
                return new SdkResult<>(status, decodePending(decoder, parsed), MSG_PENDING, null);
            }
            T data;
            try {
                data = decoder.apply(parsed);
            } catch (IllegalArgumentException e) {
                throw new TicketflowException(describe(request) + " answered " + status + " with an unexpected body: "
                        + e.getMessage(), e);
            }
            return new SdkResult<>(status, data, successMsg, null);
        }
        return failure(status, body);
    }

    private static Object parseSuccess(HttpRequest request, int status, byte[] body) {
        if (isBlank(body)) {
            return null;
        }
        try {
            return Json.parse(body);
        } catch (Json.JsonException e) {
            throw new TicketflowException(describe(request) + " answered " + status + " with a body that is not JSON: "
                    + e.getMessage(), e);
        }
    }

    private static <T> T decodePending(Function<Object, T> decoder, Object parsed) {
        try {
            return decoder.apply(parsed);
        } catch (IllegalArgumentException notThatShape) {
            return null;
        }
    }

    /** A refusal as a result: the problem's {@code detail} (or {@code title}) and {@code code}, or the raw text. */
    private static <T> SdkResult<T> failure(int status, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        String msg = null;
        String errorCode = null;
        if (!text.isEmpty()) {
            Object parsed = null;
            try {
                parsed = Json.parse(text);
            } catch (Json.JsonException notJson) {
                // a proxy's HTML page, say: keep its text
            }
            if (parsed instanceof Map<?, ?> problem) {
                msg = firstText(problem, "detail", "title", "message", "error");
                Object code = problem.get("code");
                errorCode = code == null ? null : code.toString();
            } else {
                msg = text.length() > MAX_ERROR_TEXT ? text.substring(0, MAX_ERROR_TEXT) + "…" : text;
            }
        }
        return new SdkResult<>(status, null, msg != null ? msg : "HTTP " + status, errorCode);
    }

    private static String firstText(Map<?, ?> map, String... keys) {
        for (String key : keys) {
            Object value = map.get(key);
            if (value != null && !value.toString().isBlank()) {
                return value.toString();
            }
        }
        return null;
    }

    private static String describe(HttpRequest request) {
        return request.method() + " " + request.uri();
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------ decoding answers

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?>) {
            return (Map<String, Object>) value;
        }
        throw new IllegalArgumentException("expected a JSON object, got " + Json.write(value));
    }

    static List<String> asStringList(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("expected a JSON array, got " + Json.write(value));
        }
        List<String> users = new ArrayList<>(list.size());
        for (Object item : list) {
            users.add(item == null ? null : item.toString());
        }
        return users;
    }

    static List<Map<String, Object>> asMapList(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("expected a JSON array, got " + Json.write(value));
        }
        List<Map<String, Object>> maps = new ArrayList<>(list.size());
        for (Object item : list) {
            maps.add(asMap(item));
        }
        return maps;
    }

    // ------------------------------------------------------------------------------ arguments

    private static String ticketPath(String ticketId) {
        return API + "/tickets/" + segment(ticketId, "ticketId");
    }

    private static String nodePath(String ticketId, String nodeId) {
        return ticketPath(ticketId) + "/nodes/" + segment(nodeId, "currentNodeId");
    }

    /** One path segment, percent-encoded as UTF-8: only RFC 3986 unreserved characters stay as they are. */
    static String segment(String value, String what) {
        requireText(value, what);
        if (value.equals(".") || value.equals("..")) {
            return value.replace(".", "%2E");
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    /** Header values must be visible ASCII (user ids are ids, not names). */
    private static void requireHeaderValue(String value, String what) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException(what + " must be printable ASCII to travel in a header: " + value);
            }
        }
    }

    private static String retryType(String retryType) {
        if (retryType == null) {
            return null;
        }
        String normalized = retryType.strip().toLowerCase(Locale.ROOT);
        if (!normalized.equals("dev") && !normalized.equals("produce")) {
            throw new IllegalArgumentException("retryType must be \"dev\" or \"produce\", not \"" + retryType + "\"");
        }
        return normalized;
    }

    private static List<String> userList(Object users) {
        if (users == null) {
            throw new IllegalArgumentException("data.new_users (a list of user ids) is required");
        }
        Collection<?> items;
        if (users instanceof Collection<?> collection) {
            items = collection;
        } else if (users instanceof Object[] array) {
            items = List.of(array);
        } else if (users instanceof CharSequence single) {
            items = List.of(single.toString());
        } else {
            throw new IllegalArgumentException("data.new_users must be a list of user ids, not " + users);
        }
        List<String> ids = new ArrayList<>(items.size());
        for (Object item : items) {
            if (item == null) {
                throw new IllegalArgumentException("data.new_users must not contain null");
            }
            ids.add(item.toString());
        }
        return ids;
    }

    private static void putIfPresent(Map<String, Object> body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }

    private static Map<String, ?> orEmpty(Map<String, ?> data) {
        return data == null ? Collections.emptyMap() : data;
    }

    private static String loadVersion() {
        try (InputStream in = TicketflowClient.class.getResourceAsStream("sdk-version.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version", "").strip();
                if (!version.isEmpty() && !version.contains("@")) {
                    return version;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "dev";
    }

    // ------------------------------------------------------------------------------ builder

    /** Builds a {@link TicketflowClient}: {@code baseUrl} and {@code apiKey} are required. */
    public static final class Builder {

        private String baseUrl;
        private String apiKey;
        private Duration timeout = Duration.ofSeconds(30);
        private boolean waitSettled;
        private HttpClient httpClient;

        private Builder() {
        }

        /** The gateway, e.g. {@code http://localhost:8080} (a path prefix is kept; a trailing slash is not). */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** An admin or integration API key, sent as {@code Authorization: Bearer <key>}. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** How long one call may take, connecting included (default 30 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Whether writes append {@code ?wait=settled} (default {@code false}); per call, see
         * {@link TicketflowClient#withWaitSettled(boolean)}.
         */
        public Builder waitSettled(boolean waitSettled) {
            this.waitSettled = waitSettled;
            return this;
        }

        /**
         * The {@link HttpClient} to send with (proxies, TLS, executor); by default one of HTTP/1.1 with a connect
         * timeout of at most the call timeout.
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        public TicketflowClient build() {
            String url = requireText(baseUrl, "baseUrl").strip();
            while (url.endsWith("/")) {
                url = url.substring(0, url.length() - 1);
            }
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("baseUrl is not a URL: " + baseUrl, e);
            }
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("baseUrl must be an http(s) URL without query, e.g. "
                        + "http://localhost:8080, not " + baseUrl);
            }
            String key = requireText(apiKey, "apiKey").strip();
            requireHeaderValue(key, "apiKey");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            HttpClient client = httpClient != null ? httpClient : HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            return new TicketflowClient(client, url, key, timeout, waitSettled, null);
        }
    }

    @Override
    public String toString() {
        return "TicketflowClient[" + baseUrl + (waitSettled ? ", wait=settled" : "") + "]";
    }
}
