package io.ticketflow.gateway.apidocs;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.command.CommandEnvelope;
import io.ticketflow.contracts.command.CommandReply;
import io.ticketflow.contracts.command.TicketCommand;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.contracts.event.TicketEventBatch;
import io.ticketflow.contracts.flow.FlowProgressed;
import io.ticketflow.contracts.flow.PublishedFlow;
import io.ticketflow.contracts.identity.Group;
import io.ticketflow.contracts.job.JobCommand;
import io.ticketflow.contracts.message.MessageCommand;
import io.ticketflow.contracts.job.JobView;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/asyncapi.yaml} and {@code contracts} describe the same Kafka interface: every topic is a channel
 * and every channel a topic; every command type, event type and the reply is documented, with exactly the fields
 * the records put on the wire; nothing documented is missing from the code. A command, event, field or topic
 * added without documentation fails here, by name, saying where to add it.
 */
class KafkaContractTest {

    /**
     * What travels on each topic. contracts names the topic only in each record's javadoc, so the link is kept
     * here; a topic without a line fails {@link #everyTopicCarriesItsDocumentedRecord()}.
     */
    private static final Map<String, Class<?>> PAYLOADS = Map.of(
            Topics.COMMANDS, CommandEnvelope.class,
            Topics.REPLIES, CommandReply.class,
            Topics.TICKET_EVENTS, TicketEventBatch.class,
            Topics.FLOW_PROGRESS, FlowProgressed.class,
            Topics.FLOW_DEFINITIONS, PublishedFlow.class,
            Topics.GROUPS, Group.class,
            Topics.JOBS, JobView.class,
            Topics.JOB_COMMANDS, JobCommand.class,
            Topics.MESSAGE_COMMANDS, MessageCommand.class,
            Topics.CALL_RESULTS, io.ticketflow.contracts.flow.CallResult.class);
    private static final String CONTRACTS_PACKAGE = Topics.class.getPackageName();
    /** Raw bytes, whatever was unreadable: no record. */
    private static final Set<String> UNTYPED_TOPICS = Set.of(Topics.COMMANDS_DLQ, Topics.TICKET_EVENTS_DLQ,
            Topics.FLOW_PROGRESS_DLQ, Topics.FLOW_DEFINITIONS_DLQ, Topics.GROUPS_DLQ, Topics.JOB_COMMANDS_DLQ,
            Topics.MESSAGE_COMMANDS_DLQ, Topics.CALL_RESULTS_DLQ);

    private final JsonNode document = ApiDocuments.asyncApi();
    private final JsonNode schemas = document.path("components").path("schemas");

    @Test
    void everyTopicIsAChannelAndEveryChannelATopic() {
        Map<String, String> topics = topics();
        Map<String, String> channels = new TreeMap<>();
        document.path("channels").properties()
                .forEach(channel -> channels.put(channel.getValue().path("address").asString(), channel.getKey()));

        List<String> problems = new ArrayList<>();
        topics.forEach((topic, constant) -> {
            if (!channels.containsKey(topic)) {
                problems.add("Topics." + constant + " (\"" + topic + "\") has no channel: add under `channels:` one "
                        + "with `address: " + topic + "` and its messages, and the operations that send and "
                        + "receive it under `operations:`");
            }
        });
        channels.forEach((address, channel) -> {
            if (!topics.containsKey(address)) {
                problems.add("channels." + channel + " (address " + address + ") is no topic of contracts' Topics: "
                        + "remove it, or add the topic to Topics");
            }
        });

        assertThat(problems).as("%s against contracts' Topics", ApiDocuments.ASYNCAPI_FILE).isEmpty();
    }

    @Test
    void everyTopicCarriesItsDocumentedRecord() {
        List<String> problems = new ArrayList<>();
        for (String topic : topics().keySet()) {
            if (UNTYPED_TOPICS.contains(topic)) {
                continue;
            }
            Class<?> record = PAYLOADS.get(topic);
            if (record == null) {
                problems.add("KafkaContractTest.PAYLOADS does not say which contracts record travels on " + topic);
                continue;
            }
            Set<String> payloads = channelPayloadSchemas(topic);
            if (!payloads.equals(Set.of(record.getSimpleName()))) {
                problems.add("the messages of the channel with address " + topic + " should have the payload "
                        + "$ref: '#/components/schemas/" + record.getSimpleName() + "' (contracts' "
                        + record.getName() + "), not " + payloads);
            }
        }

        assertThat(problems).as(ApiDocuments.ASYNCAPI_FILE).isEmpty();
    }

    @Test
    void everyCommandTypeIsDocumentedAndEveryDocumentedTypeIsACommand() {
        Set<String> commands = simpleNames(TicketCommand.class.getPermittedSubclasses());
        JsonNode envelope = schemas.path(CommandEnvelope.class.getSimpleName());
        Set<String> types = ApiDocuments.enumOf(envelope.path("properties").path("type"));
        // allOf: [{if: {properties: {type: {const: X}}}, then: {properties: {payload: {$ref: X}}}}, ...]
        Map<String, String> payloads = new TreeMap<>();
        for (JsonNode rule : envelope.path("allOf")) {
            payloads.put(rule.path("if").path("properties").path("type").path("const").asString(""),
                    refName(rule.path("then").path("properties").path("payload").path("$ref").asString("")));
        }

        List<String> problems = new ArrayList<>();
        for (String command : commands) {
            if (TicketCommand.typeOf(command) == null) {
                problems.add("command " + command + " is permitted by TicketCommand but TicketCommand.typeOf does "
                        + "not read it: no command of that type can be applied");
            }
            if (!types.contains(command)) {
                problems.add("command " + command + " is missing from components.schemas.CommandEnvelope"
                        + ".properties.type.enum");
            }
            if (!command.equals(payloads.get(command))) {
                problems.add("command " + command + " is missing from components.schemas.CommandEnvelope.allOf: "
                        + "add - if: {properties: {type: {const: " + command + "}}}\n"
                        + "            then: {properties: {payload: {$ref: '#/components/schemas/" + command + "'}}}");
            }
            if (!schemas.has(command)) {
                problems.add("command " + command + " has no schema: add components.schemas." + command
                        + " with the record's fields");
            }
        }
        for (String type : union(types, payloads.keySet())) {
            if (!commands.contains(type) || TicketCommand.typeOf(type) == null) {
                problems.add("command type " + type + " is documented in CommandEnvelope but TicketCommand has no "
                        + "such type (its permits clause and typeOf must both name it): remove it from the document");
            }
        }

        assertThat(problems).as("%s against contracts' TicketCommand", ApiDocuments.ASYNCAPI_FILE).isEmpty();
    }

    @Test
    void everyEventTypeIsDocumentedAndEveryDocumentedTypeIsAnEvent() {
        Set<String> events = simpleNames(TicketEvent.class.getPermittedSubclasses());
        Set<String> readable = Arrays.stream(TicketEvent.class.getAnnotation(JsonSubTypes.class).value())
                .map(subtype -> subtype.value().getSimpleName()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = refNames(schemas.path("TicketEvent").path("oneOf"));

        List<String> problems = new ArrayList<>();
        for (String event : events) {
            if (!readable.contains(event)) {
                problems.add("event " + event + " is not in TicketEvent's @JsonSubTypes: no consumer can read it");
            }
            if (!documented.contains(event)) {
                problems.add("event " + event + " is missing from components.schemas.TicketEvent.oneOf: add "
                        + "- $ref: '#/components/schemas/" + event + "' and a schema components.schemas." + event
                        + " with `type: {type: string, const: " + event + "}` and the record's fields");
            } else if (!event.equals(schemas.path(event).path("properties").path("type").path("const").asString())) {
                problems.add("components.schemas." + event + ".properties.type must be {const: " + event + "}");
            }
        }
        for (String event : documented) {
            if (!events.contains(event)) {
                problems.add("event " + event + " is documented in components.schemas.TicketEvent.oneOf but is no "
                        + "TicketEvent of contracts: remove it");
            }
        }

        assertThat(problems).as("%s against contracts' TicketEvent", ApiDocuments.ASYNCAPI_FILE).isEmpty();
    }

    @Test
    void everyRecordOnTheWireIsDocumentedWithExactlyItsFields() {
        Deque<Class<?>> pending = new ArrayDeque<>(PAYLOADS.values());
        pending.addAll(Arrays.asList(TicketCommand.class.getPermittedSubclasses()));
        pending.addAll(Arrays.asList(TicketEvent.class.getPermittedSubclasses()));
        Set<Class<?>> seen = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        while (!pending.isEmpty()) {
            Class<?> record = pending.pop();
            if (!seen.add(record)) {
                continue;
            }
            problems.addAll(fieldProblems(record));
            for (RecordComponent component : record.getRecordComponents()) {
                for (Class<?> nested : recordsIn(component.getGenericType())) {
                    pending.add(nested);
                }
            }
        }

        assertThat(seen).as("records checked").hasSizeGreaterThan(20);
        assertThat(problems).as("%s against the records of contracts", ApiDocuments.ASYNCAPI_FILE).isEmpty();
    }

    @Test
    void theErrorCodesDocumentedAreContractsErrorCodes() {
        assertThat(ApiDocuments.enumOf(schemas.path("ErrorCode")))
                .as("components.schemas.ErrorCode.enum in %s: the values of contracts' ErrorCode",
                        ApiDocuments.ASYNCAPI_FILE)
                .isEqualTo(ApiDocuments.errorCodes());
    }

    @Test
    void aFieldTheDocumentLacksIsNamed() {
        record Claimed(String dataId, String claimedBy) {
        }

        assertThat(fieldProblems(Claimed.class)).singleElement().asString()
                .contains("add components.schemas.Claimed with the properties [claimedBy, dataId]");
        assertThat(fieldProblems(TicketEventBatch.class)).isEmpty();
    }

    // -------------------------------------------------------------

    /** The fields the record writes, against the properties its schema (named after it) documents. */
    private List<String> fieldProblems(Class<?> record) {
        String name = record.getSimpleName();
        JsonNode schema = schemas.path(name);
        if (schema.isMissingNode()) {
            return List.of(record.getName() + " travels on Kafka but has no schema: add components.schemas." + name
                    + " with the properties " + wireFields(record));
        }
        Set<String> wire = wireFields(record);
        Set<String> documented = new TreeSet<>(schema.path("properties").propertyNames());
        List<String> problems = new ArrayList<>();
        for (String field : wire) {
            if (!documented.contains(field)) {
                problems.add(record.getName() + " writes \"" + field + "\": add it to components.schemas." + name
                        + ".properties");
            }
        }
        for (String field : documented) {
            if (!wire.contains(field)) {
                problems.add("components.schemas." + name + ".properties." + field + " is not written by "
                        + record.getName() + ": remove it");
            }
        }
        for (RecordComponent component : record.getRecordComponents()) {
            if (component.getType().isEnum()) {
                Set<String> constants = Arrays.stream(component.getType().getEnumConstants())
                        .map(constant -> ((Enum<?>) constant).name()).collect(Collectors.toCollection(TreeSet::new));
                JsonNode property = resolve(schema.path("properties").path(component.getName()));
                if (!constants.equals(ApiDocuments.enumOf(property))) {
                    problems.add("components.schemas." + name + ".properties." + component.getName()
                            + ".enum should be " + constants + " (" + component.getType().getName() + ")");
                }
            }
        }
        return problems;
    }

    /** The JSON property names the record has on the wire, as contracts' one JSON dialect writes them. */
    private static Set<String> wireFields(Class<?> record) {
        JsonNode written = Json.MAPPER.valueToTree(sample(record));
        return new TreeSet<>(written.propertyNames());
    }

    /** An instance with every component set (collections not empty), so every property is written. */
    private static Object sample(java.lang.reflect.Type generic) {
        Class<?> type = generic instanceof java.lang.reflect.ParameterizedType parameterized
                ? (Class<?>) parameterized.getRawType() : generic instanceof Class<?> raw ? raw : Object.class;
        if (type == String.class) {
            return "x";
        } else if (type == int.class || type == Integer.class) {
            return 1;
        } else if (type == long.class || type == Long.class) {
            return 1L;
        } else if (type == boolean.class || type == Boolean.class) {
            return true;
        } else if (type == double.class || type == Double.class) {
            return 1.0;
        } else if (type == Instant.class) {
            return Instant.EPOCH;
        } else if (Map.class.isAssignableFrom(type)) {
            return Map.of("k", "v");
        } else if (Collection.class.isAssignableFrom(type)) {
            // a field left out when empty (@JsonInclude NON_EMPTY) is still on the wire when it has something
            Object element = generic instanceof java.lang.reflect.ParameterizedType parameterized
                    ? sample(parameterized.getActualTypeArguments()[0]) : "x";
            if (element == null) {
                return List.of();
            }
            return Set.class.isAssignableFrom(type) ? Set.of(element) : List.of(element);
        } else if (type.isEnum()) {
            return type.getEnumConstants()[0];
        } else if (type.isRecord()) {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Object[] values = Arrays.stream(components).map(c -> sample(c.getGenericType())).toArray();
            try {
                var constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return constructor.newInstance(values);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot build a sample " + type.getName(), e);
            }
        }
        return null; // JsonNode, Object, an interface: written as null, still written
    }

    /** The records of contracts a component holds, directly or as element or value type. */
    private static List<Class<?>> recordsIn(Type type) {
        List<Class<?>> records = new ArrayList<>();
        if (type instanceof Class<?> raw && raw.isRecord() && raw.getPackageName().startsWith(CONTRACTS_PACKAGE)) {
            records.add(raw);
        } else if (type instanceof ParameterizedType parameterized) {
            for (Type argument : parameterized.getActualTypeArguments()) {
                records.addAll(recordsIn(argument));
            }
        }
        return records;
    }

    /** The schemas the messages of the channel with this address carry, by name. */
    private Set<String> channelPayloadSchemas(String address) {
        Set<String> names = new TreeSet<>();
        for (Map.Entry<String, JsonNode> channel : document.path("channels").properties()) {
            if (address.equals(channel.getValue().path("address").asString())) {
                for (JsonNode message : channel.getValue().path("messages")) {
                    names.add(refName(resolve(message).path("payload").path("$ref").asString("(inline)")));
                }
            }
        }
        return names;
    }

    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asString(null);
        return ref == null || !ref.startsWith("#") ? node : resolve(document.at(ref.substring(1)));
    }

    /** Constant name by value, for every public topic name in Topics. */
    private static Map<String, String> topics() {
        Map<String, String> topics = new TreeMap<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    topics.put((String) field.get(null), field.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return topics;
    }

    private static Set<String> simpleNames(Class<?>[] types) {
        return Arrays.stream(types).map(Class::getSimpleName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> refNames(JsonNode refs) {
        Set<String> names = new TreeSet<>();
        refs.forEach(ref -> names.add(refName(ref.path("$ref").asString(""))));
        return names;
    }

    private static String refName(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
