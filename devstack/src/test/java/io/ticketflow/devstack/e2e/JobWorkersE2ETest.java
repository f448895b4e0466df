package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;
import io.ticketflow.sdk.JobWorker;
import io.ticketflow.sdk.TicketflowClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ticketflow.devstack.e2e.Flows.EVENTUALLY;
import static io.ticketflow.devstack.e2e.Flows.submitPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, job workers: a Camunda Modeler diagram with an external task runs over HTTP with a worker that holds
 * an integration key, fetching, locking, completing and failing jobs as it would against Camunda 7.
 */
class JobWorkersE2ETest {

    private static GatewayClient admin;
    private static GatewayClient worker;
    private static String workerKey;
    private static String topic;
    private static String flowId;

    @BeforeAll
    static void publishTheFlowAndAWorkerKey() {
        admin = SharedStack.admin();
        // a topic of its own: jobs of other tests' tickets never answer this test's fetches
        topic = "billing-" + UUID.randomUUID();
        flowId = Flows.publishXml(admin, "external-billing",
                Flows.resource("flows/external-billing.bpmn").replace("camunda:topic=\"TOPIC\"",
                        "camunda:topic=\"" + topic + "\""));
        Answer key = admin.post("/api/v1/api-keys", Map.of("principal", "billing-worker", "role", "INTEGRATION"));
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        workerKey = key.text("key");
        worker = admin.withKey(workerKey);
    }

    @Test
    void aWorkerFetchesLocksAndCompletesTheJobAndTheTicketMovesOnWithItsVariables() {
        // the job waits for a party outside the engine, like a person: a settled create answers at once
        Answer created = Flows.create(admin.as("alice"), flowId, Map.of("amount", 300, "customer", "ACME"), true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ticketId = created.text("ticketId");

        List<JsonNode> jobs = fetch("w1", 5, 60_000, 0, List.of("amount"));
        assertThat(jobs).hasSize(1);
        JsonNode job = jobs.get(0);
        assertThat(job.get("ticketId").asString()).isEqualTo(ticketId);
        assertThat(job.get("nodeId").asString()).isEqualTo("Activity_Bill");
        assertThat(job.get("topicName").asString()).isEqualTo(topic);
        assertThat(job.get("state").asString()).isEqualTo("LOCKED");
        assertThat(job.get("workerId").asString()).isEqualTo("w1");
        assertThat(job.get("variables").properties()).extracting(Map.Entry::getKey).containsExactly("amount");
        assertThat(job.get("variables").get("amount").asInt()).isEqualTo(300);
        String jobId = job.get("id").asString();

        assertThat(fetch("w2", 5, 60_000, 0, null)).as("a locked job is nobody else's").isEmpty();
        Answer stolen = worker.post("/api/v1/jobs/" + jobId + "/complete", Map.of("workerId", "w2"));
        assertThat(stolen.status()).as(stolen.toString()).isEqualTo(409);
        assertThat(stolen.text("code")).isEqualTo("JOB_LOCK_LOST");

        Answer done = worker.post("/api/v1/jobs/" + jobId + "/complete",
                Map.of("workerId", "w1", "variables", Map.of("invoiceNo", "INV-7")));
        assertThat(done.status()).as(done.toString()).isEqualTo(204);

        JsonNode ticket = admin.await("/api/v1/tickets/" + ticketId, a -> a.status() == 200
                && a.json().get("workItems").findValuesAsString("nodeId").contains("Activity_Confirm"), EVENTUALLY).json();
        assertThat(ticket.get("workItems").findValues("handlers").toString()).contains("alice");
        JsonNode variables = admin.await("/api/v1/tickets/" + ticketId + "/variables",
                a -> a.status() == 200 && a.json().has("invoiceNo"), EVENTUALLY).json();
        assertThat(variables.get("invoiceNo").asString()).isEqualTo("INV-7");
        assertThat(admin.get("/api/v1/tickets/" + ticketId + "/history").json().findValuesAsString("type"))
                .contains("AutomaticNodeCompleted");

        Answer again = worker.post("/api/v1/jobs/" + jobId + "/complete", Map.of("workerId", "w1"));
        assertThat(again.status()).as(again.toString()).isEqualTo(404);
        assertThat(again.text("code")).isEqualTo("JOB_NOT_FOUND");
        Answer confirmed = admin.as("alice").post(submitPath(ticketId, "Activity_Confirm") + "?wait=settled",
                Map.of("data", Map.of()));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.text("status")).isEqualTo("COMPLETED");
    }

    @Test
    void aFailureWithRetriesLeftOffersTheJobAgainAndTheLastOneIsAnIncidentThatARetryStartsAnew() {
        String ticketId = open();
        String jobId = fetchFor(ticketId, "w1", 60_000).get("id").asString();

        Answer failed = worker.post("/api/v1/jobs/" + jobId + "/failure", Map.of("workerId", "w1",
                "errorMessage", "billing system down", "retries", 1, "retryTimeout", 0));
        assertThat(failed.status()).as(failed.toString()).isEqualTo(204);
        JsonNode offeredAgain = fetchFor(ticketId, "w2", 60_000);
        assertThat(offeredAgain.get("id").asString()).isEqualTo(jobId);
        assertThat(offeredAgain.get("retries").asInt()).isEqualTo(1);
        assertThat(offeredAgain.get("errorMessage").asString()).isEqualTo("billing system down");

        Answer lastFailure = worker.post("/api/v1/jobs/" + jobId + "/failure", Map.of("workerId", "w2",
                "errorMessage", "still down", "errorDetails", "HTTP 503 from billing", "retries", 0));
        assertThat(lastFailure.status()).as(lastFailure.toString()).isEqualTo(204);
        JsonNode incident = admin.await("/api/v1/tickets/" + ticketId, a -> a.status() == 200
                && a.json().get("workItems").toString().contains("FAILED"), EVENTUALLY).json().get("workItems").get(0);
        assertThat(incident.get("nodeId").asString()).isEqualTo("Activity_Bill");
        assertThat(incident.get("state").asString()).isEqualTo("FAILED");
        assertThat(incident.toString()).contains("still down").contains("HTTP 503 from billing");
        assertThat(worker.get("/api/v1/jobs?ticketId=" + ticketId).json().size()).as("no job while failed").isZero();

        Answer retried = admin.as("alice").post("/api/v1/tickets/" + ticketId + "/nodes/Activity_Bill/retry?wait=settled",
                Map.of("retryType", "produce", "data", Map.of()));
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        JsonNode anew = fetchFor(ticketId, "w1", 60_000);
        assertThat(anew.get("retries").isNull()).as("a new job, not the failed one's retries").isTrue();
        Answer done = worker.post("/api/v1/jobs/" + anew.get("id").asString() + "/complete", Map.of("workerId", "w1"));
        assertThat(done.status()).as(done.toString()).isEqualTo(204);
        admin.await("/api/v1/tickets/" + ticketId, a -> a.status() == 200
                && a.json().get("workItems").findValuesAsString("nodeId").contains("Activity_Confirm"), EVENTUALLY);
    }

    @Test
    void aLongPollAnswersWhenAJobArrivesAndAnExpiredLockGoesToTheNextWorker() throws Exception {
        CompletableFuture<List<JsonNode>> polling = CompletableFuture.supplyAsync(
                () -> fetch("w1", 1, 1, 20_000, null));
        String ticketId = open();
        List<JsonNode> polled = polling.get(30, TimeUnit.SECONDS);
        assertThat(polled).as("the long poll answered with the new job").hasSize(1);
        assertThat(polled.get(0).get("ticketId").asString()).isEqualTo(ticketId);
        String jobId = polled.get(0).get("id").asString();

        // w1 locked it for 1 ms: the lock has expired, so w2 gets it and w1 has lost it
        JsonNode taken = await("w2 gets the expired job").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(50))
                .until(() -> fetch("w2", 1, 60_000, 0, null), jobs -> !jobs.isEmpty()).get(0);
        assertThat(taken.get("id").asString()).isEqualTo(jobId);
        Answer late = worker.post("/api/v1/jobs/" + jobId + "/complete", Map.of("workerId", "w1"));
        assertThat(late.status()).as(late.toString()).isEqualTo(409);
        Answer extended = worker.post("/api/v1/jobs/" + jobId + "/extend-lock",
                Map.of("workerId", "w2", "newDuration", 120_000));
        assertThat(extended.status()).as(extended.toString()).isEqualTo(204);
        JsonNode listed = worker.get("/api/v1/jobs/" + jobId).json();
        assertThat(listed.get("state").asString()).isEqualTo("LOCKED");
        assertThat(listed.get("workerId").asString()).isEqualTo("w2");
        assertThat(worker.post("/api/v1/jobs/" + jobId + "/complete", Map.of("workerId", "w2")).status()).isEqualTo(204);
    }

    @Test
    void onlyWorkersFetchAndEveryMistakeIsNamed() {
        Answer asUser = admin.as("alice").post("/api/v1/jobs/fetch-and-lock", Map.of("workerId", "w",
                "topics", List.of(Map.of("topicName", topic, "lockDuration", 1000))));
        assertThat(asUser.status()).as(asUser.toString()).isEqualTo(403);
        assertThat(asUser.text("code")).isEqualTo("FORBIDDEN");

        Answer noWorker = worker.post("/api/v1/jobs/fetch-and-lock",
                Map.of("topics", List.of(Map.of("topicName", topic, "lockDuration", 1000))));
        assertThat(noWorker.status()).as(noWorker.toString()).isEqualTo(400);
        assertThat(noWorker.text("code")).isEqualTo("VALIDATION_FAILED");
        assertThat(noWorker.text("detail")).contains("workerId");

        Answer noLock = worker.post("/api/v1/jobs/fetch-and-lock", Map.of("workerId", "w",
                "topics", List.of(Map.of("topicName", topic))));
        assertThat(noLock.status()).isEqualTo(400);
        assertThat(noLock.text("detail")).contains("lockDuration");

        Answer tooLong = worker.post("/api/v1/jobs/fetch-and-lock", Map.of("workerId", "w",
                "asyncResponseTimeout", 3_600_000, "topics", List.of(Map.of("topicName", topic, "lockDuration", 1))));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.text("detail")).contains("asyncResponseTimeout");

        Answer unreadable = worker.postRaw("/api/v1/jobs/fetch-and-lock", "application/json", "{\"workerId\": ");
        assertThat(unreadable.status()).as(unreadable.toString()).isEqualTo(400);
        assertThat(unreadable.text("code")).isEqualTo("MALFORMED_REQUEST");
        Answer wrongType = worker.postRaw("/api/v1/jobs/fetch-and-lock", "application/json",
                "{\"workerId\":\"w\",\"maxJobs\":\"many\",\"topics\":[]}");
        assertThat(wrongType.status()).as(wrongType.toString()).isEqualTo(400);
        Answer noBody = worker.postRaw("/api/v1/jobs/nope:T-1/failure", "application/json", "");
        assertThat(noBody.status()).as(noBody.toString()).isEqualTo(400);
        assertThat(noBody.text("code")).isEqualTo("VALIDATION_FAILED");

        Answer unknown = worker.post("/api/v1/jobs/nope:T-1/complete", Map.of("workerId", "w"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text("code")).isEqualTo("JOB_NOT_FOUND");
    }

    /**
     * A BPMN error from the worker leaves the task through the error boundary event that catches its code (the
     * worker's variables set, the catch in the history); a code nothing catches is an incident naming it.
     */
    @Test
    void aBpmnErrorTakesTheErrorBoundaryThatCatchesItsCodeAndAnUncaughtOneIsAnIncident() {
        String errorTopic = "billing-errors-" + UUID.randomUUID();
        String errorFlow = Flows.publishXml(admin, "external-billing-errors",
                Flows.resource("flows/external-billing-errors.bpmn").replace("camunda:topic=\"TOPIC\"",
                        "camunda:topic=\"" + errorTopic + "\""));
        String caught = Flows.create(admin.as("alice"), errorFlow, Map.of("amount", 9), true).text("ticketId");
        String uncaught = Flows.create(admin.as("alice"), errorFlow, Map.of("amount", 8), true).text("ticketId");

        Map<String, String> jobs = new java.util.HashMap<>();
        await("both jobs").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100)).until(() -> {
            worker.post("/api/v1/jobs/fetch-and-lock", Map.of("workerId", "w1", "maxJobs", 10, "topics",
                    List.of(Map.of("topicName", errorTopic, "lockDuration", 60_000)))).json()
                    .forEach(job -> jobs.put(job.get("ticketId").asString(), job.get("id").asString()));
            return jobs.size() == 2;
        });

        Answer noCredit = worker.post("/api/v1/jobs/" + jobs.get(caught) + "/bpmn-error", Map.of("workerId", "w1",
                "errorCode", "NO_CREDIT", "errorMessage", "额度不足", "variables", Map.of("creditLimit", 0)));
        assertThat(noCredit.status()).as(noCredit.toString()).isEqualTo(204);
        admin.await("/api/v1/tickets/" + caught, a -> a.status() == 200
                && a.json().get("workItems").findValuesAsString("nodeId").contains("Activity_Collect"), EVENTUALLY);
        assertThat(admin.await("/api/v1/tickets/" + caught + "/variables", a -> a.json().has("creditLimit"),
                EVENTUALLY).json().get("creditLimit").asInt()).isZero();
        JsonNode history = admin.get("/api/v1/tickets/" + caught + "/history").json();
        assertThat(history.findValuesAsString("type")).contains("BpmnErrorCaught");

        Answer other = worker.post("/api/v1/jobs/" + jobs.get(uncaught) + "/bpmn-error", Map.of("workerId", "w1",
                "errorCode", "CUSTOMER_GONE"));
        assertThat(other.status()).as(other.toString()).isEqualTo(204);
        JsonNode incident = admin.await("/api/v1/tickets/" + uncaught, a -> a.status() == 200
                && a.json().get("workItems").toString().contains("FAILED"), EVENTUALLY).json().get("workItems").get(0);
        assertThat(incident.get("nodeId").asString()).isEqualTo("Activity_Bill");
        assertThat(incident.toString()).contains("CUSTOMER_GONE");
    }

    /** An integration key limited to job topics works on those only, whatever the route. */
    @Test
    void aKeyLimitedToTopicsWorksOnThoseOnly() {
        Answer issued = admin.post("/api/v1/api-keys", Map.of("principal", "crm-worker", "role", "INTEGRATION",
                "jobTopics", List.of("crm-sync", "客户/同步")));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        assertThat(issued.json().get("jobTopics").toString()).contains("crm-sync").contains("客户/同步");
        GatewayClient crm = admin.withKey(issued.text("key"));

        Answer allowed = crm.post("/api/v1/jobs/fetch-and-lock", Map.of("workerId", "c1",
                "topics", List.of(Map.of("topicName", "客户/同步", "lockDuration", 1000))));
        assertThat(allowed.status()).as(allowed.toString()).isEqualTo(200);
        Answer other = crm.post("/api/v1/jobs/fetch-and-lock", Map.of("workerId", "c1",
                "topics", List.of(Map.of("topicName", topic, "lockDuration", 1000))));
        assertThat(other.status()).as(other.toString()).isEqualTo(403);
        assertThat(other.text("detail")).contains(topic);

        String ticketId = open();
        String jobId = fetchFor(ticketId, "w1", 60_000).get("id").asString();
        Answer notItsTopic = crm.post("/api/v1/jobs/" + jobId + "/complete", Map.of("workerId", "w1"));
        assertThat(notItsTopic.status()).as(notItsTopic.toString()).isEqualTo(403);
        assertThat(crm.get("/api/v1/jobs?ticketId=" + ticketId).json().size()).as("not listed either").isZero();
        assertThat(crm.get("/api/v1/jobs/" + jobId).status()).isEqualTo(403);
        assertThat(worker.post("/api/v1/jobs/" + jobId + "/complete", Map.of("workerId", "w1")).status())
                .isEqualTo(204);

        Answer notForAdmins = admin.post("/api/v1/api-keys", Map.of("principal", "x", "role", "ADMIN",
                "jobTopics", List.of("t")));
        assertThat(notForAdmins.status()).isEqualTo(400);
        assertThat(notForAdmins.text("code")).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void aJavaDelegatePublishesWithAWarningAndRunsAsAJobOnATopicNamedAfterIt() {
        String delegate = "com.acme.billing.InvoiceDelegate" + UUID.randomUUID().toString().replace("-", "");
        String xml = Flows.resource("flows/external-billing.bpmn")
                .replace("camunda:type=\"external\" camunda:topic=\"TOPIC\"", "camunda:class=\"" + delegate + "\"");
        Answer created = admin.post("/api/v1/flows", Map.of("key", "e2e-" + UUID.randomUUID(), "name", "delegate"));
        String delegateFlow = created.text("flowId");
        assertThat(admin.putXml("/api/v1/flows/" + delegateFlow + "/draft", xml).json().get("warnings")
                .findValuesAsString("elementId")).containsExactly("Activity_Bill");
        Answer published = admin.post("/api/v1/flows/" + delegateFlow + "/publish", Map.of());
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        assertThat(published.json().get("warnings").get(0).get("message").asString()).contains(delegate);

        Answer ticket = Flows.create(admin.as("alice"), delegateFlow, Map.of("amount", 1), true);
        assertThat(ticket.status()).as(ticket.toString()).isEqualTo(201);
        JsonNode job = worker.post("/api/v1/jobs/fetch-and-lock", Map.of("workerId", "w1",
                        "topics", List.of(Map.of("topicName", delegate, "lockDuration", 60_000))))
                .json().get(0);
        assertThat(job.get("ticketId").asString()).isEqualTo(ticket.text("ticketId"));
    }

    /** The SDK's JobWorker (issue 12): a handler's variables complete the job; a throwing one ends in an incident. */
    @Test
    void theSdksJobWorkerCompletesJobsAndATryThatKeepsFailingEndsInAnIncident() {
        String sdkTopic = "sdk-billing-" + UUID.randomUUID();
        String sdkFlow = Flows.publishXml(admin, "sdk-billing", Flows.resource("flows/external-billing.bpmn")
                .replace("camunda:topic=\"TOPIC\"", "camunda:topic=\"" + sdkTopic + "\""));
        TicketflowClient client = TicketflowClient.builder().baseUrl(SharedStack.get().gatewayUrl()).apiKey(workerKey)
                .timeout(Duration.ofSeconds(30)).build();
        try (JobWorker billing = client.newWorker(sdkTopic, job -> {
                    if ("broken".equals(job.variables().get("customer"))) {
                        throw new IllegalStateException("no such customer");
                    }
                    return Map.of("invoiceNo", "INV-" + job.variables().get("amount"));
                }).workerId("sdk-worker").maxJobs(2).pollTimeout(Duration.ofSeconds(5)).retries(2)
                .retryBackoff(Duration.ZERO).open()) {
            String good = Flows.create(admin.as("alice"), sdkFlow, Map.of("amount", 42, "customer", "ACME"), true)
                    .text("ticketId");
            String bad = Flows.create(admin.as("alice"), sdkFlow, Map.of("amount", 1, "customer", "broken"), true)
                    .text("ticketId");

            admin.await("/api/v1/tickets/" + good, a -> a.status() == 200
                    && a.json().get("workItems").findValuesAsString("nodeId").contains("Activity_Confirm"), EVENTUALLY);
            assertThat(admin.await("/api/v1/tickets/" + good + "/variables", a -> a.json().has("invoiceNo"), EVENTUALLY)
                    .json().get("invoiceNo").asString()).isEqualTo("INV-42");
            JsonNode incident = admin.await("/api/v1/tickets/" + bad, a -> a.status() == 200
                    && a.json().get("workItems").toString().contains("FAILED"), EVENTUALLY).json().get("workItems").get(0);
            assertThat(incident.toString()).contains("no such customer").contains("sdk-worker");
        }
    }

    private static String open() {
        Answer created = Flows.create(admin.as("alice"), flowId, Map.of("amount", 120), true);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("ticketId");
    }

    /** The job of this ticket, fetched by the worker (jobs of this test's other tickets may come first). */
    private static JsonNode fetchFor(String ticketId, String workerId, long lockMillis) {
        return await("the job of " + ticketId).atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100))
                .until(() -> worker.get("/api/v1/jobs?ticketId=" + ticketId + "&state=AVAILABLE").json().size() == 1
                        ? fetch(workerId, 100, lockMillis, 0, null).stream()
                        .filter(job -> ticketId.equals(job.get("ticketId").asString())).findFirst().orElse(null)
                        : null, job -> job != null);
    }

    private static List<JsonNode> fetch(String workerId, int maxJobs, long lockMillis, long waitMillis,
                                        List<String> variables) {
        Map<String, Object> topicRequest = new java.util.LinkedHashMap<>();
        topicRequest.put("topicName", topic);
        topicRequest.put("lockDuration", lockMillis);
        if (variables != null) {
            topicRequest.put("variables", variables);
        }
        Answer answer = worker.post("/api/v1/jobs/fetch-and-lock", Map.of("workerId", workerId, "maxJobs", maxJobs,
                "asyncResponseTimeout", waitMillis, "topics", List.of(topicRequest)));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<JsonNode> jobs = new java.util.ArrayList<>();
        answer.json().forEach(jobs::add);
        return jobs;
    }
}
