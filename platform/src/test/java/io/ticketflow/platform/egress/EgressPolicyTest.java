package io.ticketflow.platform.egress;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 9 item 2: HTTP nodes and webhooks must not reach the stack's insides. */
class EgressPolicyTest {

    private static final Map<String, String> DNS = Map.of(
            "example.com", "93.184.215.14",
            "localhost", "127.0.0.1",
            "metadata.internal", "169.254.169.254",
            "split.example", "93.184.215.14,10.0.0.7",
            "kafka", "172.18.0.5",
            "partner.example", "10.20.30.40");

    private static InetAddress[] lookup(String host) throws UnknownHostException {
        String addresses = DNS.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        String[] parts = addresses.split(",");
        InetAddress[] result = new InetAddress[parts.length];
        for (int i = 0; i < parts.length; i++) {
            result[i] = InetAddress.getByAddress(host, Cidr.literal(parts[i]));
        }
        return result;
    }

    private static EgressPolicy policy(List<String> allow, List<String> protectedEndpoints) {
        return new EgressPolicy(allow, protectedEndpoints, EgressPolicyTest::lookup);
    }

    @Test
    void loopbackLinkLocalPrivateAndReservedAddressesAreRefusedByDefault() {
        EgressPolicy policy = policy(List.of(), List.of());
        for (String host : List.of("127.0.0.1", "127.5.6.7", "::1", "[::1]", "localhost", "0.0.0.0", "::",
                "169.254.169.254", "metadata.internal", "fe80::1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "fc00::1", "fd12:3456::1", "100.64.0.1", "224.0.0.1", "255.255.255.255",
                "::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::1", "2002:a9fe:a9fe::",
                "split.example")) {
            assertThatThrownBy(() -> policy.resolve(host, 80)).as(host)
                    .isInstanceOf(EgressDeniedException.class)
                    .hasMessage(EgressDeniedException.MESSAGE);
        }
    }

    @Test
    void publicAddressesPass() throws UnknownHostException {
        EgressPolicy policy = policy(List.of(), List.of());
        assertThat(policy.resolve("example.com", 443)).extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.215.14");
        for (String host : List.of("8.8.8.8", "172.32.0.1", "2606:4700::1111", "100.128.0.1")) {
            assertThatCode(() -> policy.resolve(host, 80)).as(host).doesNotThrowAnyException();
        }
    }

    @Test
    void allowEntriesLetAddressesThroughByHostHostAndPortOrRange() {
        EgressPolicy policy = policy(List.of("127.0.0.1:8089", "partner.example", "192.168.10.0/24", "[::1]"),
                List.of());
        assertThatCode(() -> policy.resolve("127.0.0.1", 8089)).doesNotThrowAnyException();
        assertThatCode(() -> policy.resolve("localhost", 8089)).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.resolve("127.0.0.1", 8090)).isInstanceOf(EgressDeniedException.class);
        assertThatCode(() -> policy.resolve("partner.example", 443)).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.resolve("10.20.30.40", 443)).isInstanceOf(EgressDeniedException.class);
        assertThatCode(() -> policy.resolve("192.168.10.200", 80)).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.resolve("192.168.11.1", 80)).isInstanceOf(EgressDeniedException.class);
        assertThatCode(() -> policy.resolve("::1", 5000)).doesNotThrowAnyException();
    }

    @Test
    void theStacksOwnEndpointsAreRefusedEvenWhenAllowed() {
        EgressPolicy policy = policy(List.of("127.0.0.1", "172.16.0.0/12"), List.of("127.0.0.1:9092", "kafka:9092"));
        policy.protect("localhost:8084");

        assertThatThrownBy(() -> policy.resolve("127.0.0.1", 9092)).isInstanceOf(EgressDeniedException.class);
        assertThatThrownBy(() -> policy.resolve("localhost", 8084)).isInstanceOf(EgressDeniedException.class);
        assertThatThrownBy(() -> policy.resolve("127.0.0.1", 8084)).isInstanceOf(EgressDeniedException.class);
        assertThatThrownBy(() -> policy.resolve("172.18.0.5", 9092)).isInstanceOf(EgressDeniedException.class);
        assertThatCode(() -> policy.resolve("127.0.0.1", 8085)).doesNotThrowAnyException();
        assertThatCode(() -> policy.resolve("172.18.0.5", 8080)).doesNotThrowAnyException();
    }

    @Test
    void aUrlIsCheckedByWhatItsHostResolvesToNowAndAnUnknownNamePassesUntilCalled() {
        EgressPolicy policy = policy(List.of(), List.of());
        assertThatThrownBy(() -> policy.check(URI.create("http://metadata.internal/latest/meta-data")))
                .isInstanceOf(EgressDeniedException.class);
        assertThatThrownBy(() -> policy.check(URI.create("https://[::1]/x"))).isInstanceOf(EgressDeniedException.class);
        assertThatCode(() -> policy.check(URI.create("https://example.com/hook"))).doesNotThrowAnyException();
        assertThatCode(() -> policy.check(URI.create("https://not-yet.example/hook"))).doesNotThrowAnyException();
    }

    @Test
    void theEnvironmentVariablesTheDocumentsNameBindToTheProperties() {
        var environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("TICKETFLOW_EGRESS_ALLOW", "10.1.0.0/16,cmdb.corp:8443",
                                "TICKETFLOW_EGRESS_PROTECTED_ENDPOINTS", "kafka:9092,gateway:8080")));

        EgressProperties bound = Binder.get(environment).bind("ticketflow.egress", EgressProperties.class).get();

        assertThat(bound.allow()).containsExactly("10.1.0.0/16", "cmdb.corp:8443");
        assertThat(bound.protectedEndpoints()).containsExactly("kafka:9092", "gateway:8080");
    }

    @Test
    void theStacksKafkaAndMongoEndpointsAreReadFromItsConfiguration() {
        assertThat(StackEndpoints.mongoHosts("mongodb://user:p%40ss@db1:27018,db2/ticketflow?replicaSet=rs"))
                .containsExactly("db1:27018", "db2:27017");
        assertThat(StackEndpoints.mongoHosts("mongodb+srv://cluster.example")).isEmpty();
    }
}
